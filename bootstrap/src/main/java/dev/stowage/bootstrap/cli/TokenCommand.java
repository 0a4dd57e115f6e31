package dev.stowage.bootstrap.cli;

import dev.stowage.application.port.in.token.ManageTokensUseCase;
import dev.stowage.application.port.in.token.ManageTokensUseCase.Issued;
import dev.stowage.bootstrap.assembly.Stowage;
import dev.stowage.domain.common.UserId;
import dev.stowage.domain.token.ApiToken;
import dev.stowage.domain.token.TokenId;
import dev.stowage.domain.token.TokenScope;
import dev.stowage.domain.token.TokenScopes;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code stowage token}: API tokens. Only a token's hash is stored, so its secret can be shown only
 * when it is made; listings never show the secret nor the hash.
 */
@Command(name = "token", description = "Create, list and revoke API tokens for the HTTP interface.",
        subcommands = {TokenCommand.Create.class, TokenCommand.ListTokens.class, TokenCommand.Revoke.class})
final class TokenCommand extends CommandGroup {
    @Command(name = "create", description = {"Make a token for USER and print it.",
        "stdout gets two lines: the secret, then 'id: TOKEN_ID'. The secret is shown this once and cannot be "
            + "recovered: only its hash is stored.",
        "A user token may use only the queues its scopes grant (with none, documents only); an admin token "
            + "may use every queue."})
    static final class Create extends ToolCommand {
        @Option(names = "--user", paramLabel = "USER", required = true, description = "The user the token acts as.")
        UserId user;

        @Option(names = "--admin", description = "May administer backups, restores, tokens and queues.")
        boolean admin;

        @Option(names = "--scope", paramLabel = "ACTION:QUEUE", description = {
            "What the token may do on which queue; repeat for more. ACTION is enqueue, work (claim, heartbeat, "
                + "complete, fail, release) or read (jobs by id, templates); QUEUE is a queue name or '*' for every "
                + "queue. E.g. --scope enqueue:images --scope read:images. Not with --admin."})
        List<TokenScope> scopes = new ArrayList<>();

        @Option(names = "--label", paramLabel = "TEXT", defaultValue = "", description = "A note for people, e.g. where it is used.")
        String label;

        @Override
        void checkUsage() {
            if (admin && !scopes.isEmpty()) {
                throw usage("--scope is for user tokens: an admin token may use every queue");
            }
            if (scopes.size() > TokenScopes.MAX_SCOPES) {
                throw usage("at most " + TokenScopes.MAX_SCOPES + " --scope options, got " + scopes.size());
            }
        }

        @Override
        int run(Stowage stowage, PrintWriter out, PrintWriter err) {
            TokenScopes granted = new TokenScopes(new TreeSet<>(scopes));
            Issued issued = stowage.instance(ManageTokensUseCase.class).issue(user, admin, granted, label);
            out.println(issued.secret());
            out.println("id: " + issued.token().id());
            err.println("Created " + (admin ? "an admin" : "a") + " token for user '" + user + "' "
                    + (admin ? "(every queue)" : granted.isEmpty() ? "(documents only, no queue)" : "(" + granted + ")")
                    + ". Store the secret now: it is not shown again.");
            return 0;
        }
    }

    @Command(name = "list", description = "List tokens (never their secrets): id, user, admin, scopes, label, created, revoked.")
    static final class ListTokens extends ToolCommand {
        static final Listing<ApiToken> LISTING = Listing.of("No tokens.",
                t -> JsonOut.object("id", t.id(), "user", t.user(), "admin", t.admin(), "scopes", t.scopes().written(),
                        "label", t.label(), "createdAt", t.createdAt(), "revokedAt", t.revokedAt()),
                k -> new Object[] {k.id(), k.user(), k.admin() ? "yes" : "no", scopes(k), k.label().isEmpty() ? "-" : k.label(),
                    Formats.time(k.createdAt()), Formats.time(k.revokedAt())},
                "ID", "USER", "ADMIN", "SCOPES", "LABEL", "CREATED", "REVOKED");

        @Option(names = "--json", description = "Print the tokens as JSON.")
        boolean json;

        @Override
        int run(Stowage stowage, PrintWriter out, PrintWriter err) {
            return LISTING.all(out, stowage.instance(ManageTokensUseCase.class).list(), json);
        }

        private static String scopes(ApiToken token) {
            if (token.admin()) {
                return "(all: admin)";
            }
            return token.scopes().isEmpty() ? "(none: documents only)" : String.join(",", token.scopes().written());
        }
    }

    @Command(name = "revoke", description = "Revoke a token: it stops working at once. Revoking it again changes nothing.")
    static final class Revoke extends ToolCommand {
        @Parameters(paramLabel = "TOKEN_ID")
        TokenId id;

        @Override
        int run(Stowage stowage, PrintWriter out, PrintWriter err) {
            ApiToken revoked = stowage.instance(ManageTokensUseCase.class).revoke(id);
            out.println("Revoked token " + revoked.id() + " of user '" + revoked.user() + "'.");
            return 0;
        }
    }
}
