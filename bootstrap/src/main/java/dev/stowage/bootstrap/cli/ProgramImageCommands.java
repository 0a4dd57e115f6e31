package dev.stowage.bootstrap.cli;

import dev.stowage.application.port.in.program.ManageProgramsUseCase;
import dev.stowage.application.port.in.program.ManageProgramsUseCase.ImageContent;
import dev.stowage.bootstrap.assembly.Stowage;
import dev.stowage.domain.common.Sha256;
import dev.stowage.domain.program.Program;
import dev.stowage.domain.program.ProgramImage;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code stowage program image put|get|thumbnail}. */
final class ProgramImageCommands {
    private ProgramImageCommands() {
    }

    @Command(name = "put", description = {"Stream FILE in as the program's master image (PNG or JPEG; WebP where this Java "
        + "runtime reads it) and make its thumbnail.", "The image is checked whole before the program refers to it; "
        + "a file that is not a readable image changes nothing. The previous image stays with its revision."})
    static final class Put extends ToolCommand {
        @Parameters(index = "0", paramLabel = "PROGRAM", description = "The program's id or name.")
        String program;

        @Parameters(index = "1", paramLabel = "FILE", description = "The image file.")
        Path file;

        @Mixin
        ProgramCommand.VersionOption version;

        @Mixin
        ProgramCommand.ActorOption actor;

        @Option(names = "--quiet", description = "No progress bar.")
        boolean quiet;

        @Option(names = "--json", description = "Print the program as JSON.")
        boolean json;


        @Override
        int run(Stowage stowage, PrintWriter out, PrintWriter err) {
            if (!Files.isRegularFile(file)) {
                throw new CommandFailure("cannot read " + file + ": " + (Files.exists(file) ? "not a regular file" : "no such file"));
            }
            ManageProgramsUseCase programs = ProgramCommand.programs(stowage);
            Program p = ProgramCommand.find(programs, program);
            Program stored;
            try (InputStream raw = Files.newInputStream(file);
                 ProgressBar bar = ProgressBar.forStderr(err, "uploading", Files.size(file), ProgressBar.Unit.BYTES, quiet)) {
                InputStream counted = new CountingInputStream(new BufferedInputStream(raw, 1 << 16), bar::advance);
                stored = programs.putImage(actor.actor(), p.id(), version.expected(p), counted);
            } catch (IOException e) {
                throw new CommandFailure("cannot read " + file + ": " + Problems.of(e), e);
            }
            if (json) {
                JsonOut.print(out, ProgramCommand.json(stored));
                return 0;
            }
            ProgramImage image = stored.image().orElseThrow();
            Formats.row(out, "program", stored.id() + " (" + stored.name() + "), now at version " + stored.version());
            Formats.row(out, "image", image.mimeType() + ", " + image.width() + "x" + image.height() + ", "
                    + Formats.size(image.size()) + " (" + image.size() + " bytes)");
            Formats.row(out, "sha256", image.sha256());
            return 0;
        }
    }

    @Command(description = {"Write the program's master image (image get) or its PNG thumbnail (image thumbnail) to a "
        + "file, or to stdout with -o -.", "The file appears only once every byte arrived (and, for the image, matched "
        + "its SHA-256); an existing file of that name is replaced."})
    abstract static class Download extends ToolCommand {

        @Parameters(paramLabel = "PROGRAM", description = "The program's id or name.")
        String program;

        @Option(names = {"-o", "--output"}, paramLabel = "FILE", required = true,
                description = "Where to write the bytes; '-' for stdout.")
        String output;

        @Option(names = "--quiet", description = "No progress bar.")
        boolean quiet;

        /** True for the PNG thumbnail, false for the master image. */
        abstract boolean thumbnail();

        @Override
        void checkUsage() {
            if (output.isEmpty()) {
                throw usage("-o needs a file name, or '-' for stdout");
            }
        }

        @Override
        int run(Stowage stowage, PrintWriter out, PrintWriter err) {
            Path target = "-".equals(output) ? null : Path.of(output).toAbsolutePath();
            if (target != null && Files.isDirectory(target)) {
                throw new CommandFailure("cannot write " + output + ": it is a folder");
            }
            ManageProgramsUseCase programs = ProgramCommand.programs(stowage);
            Program p = ProgramCommand.find(programs, program);
            ImageContent content = thumbnail() ? programs.openThumbnail(p.id()) : programs.openImage(p.id(), Optional.empty());
            ProgramImage image = content.image();
            String what = thumbnail() ? "thumbnail" : "image";
            // the thumbnail's size is not recorded: its bar counts bytes without a total
            long total = thumbnail() ? -1 : image.size();
            try (InputStream bytes = content.data();
                 ProgressBar bar = ProgressBar.forStderr(err, "downloading", total, ProgressBar.Unit.BYTES, quiet)) {
                DigestInputStream digesting = new DigestInputStream(new CountingInputStream(bytes, bar::advance), sha256());
                Runnable verify = () -> {
                    if (!thumbnail()) {
                        check(p, image, digesting);
                    }
                };
                if (target == null) {
                    OutputStream os = stdout();
                    digesting.transferTo(os);
                    os.flush();
                    verify.run();
                } else {
                    SafeFile.save(p.id().value().toLowerCase(Locale.ROOT) + "-" + what, digesting, target, verify);
                }
            } catch (IOException e) {
                throw new CommandFailure("cannot download the " + what + " of program " + p.id() + " to " + output + ": "
                        + Problems.of(e), e);
            }
            PrintWriter summary = target == null ? err : out;
            summary.println("Saved the " + what + " of program " + p.id() + " (" + p.name() + ") to "
                    + (target == null ? "stdout" : output) + ".");
            return 0;
        }

        private static void check(Program p, ProgramImage image, DigestInputStream bytes) {
            Sha256 actual = Sha256.of(bytes.getMessageDigest().digest());
            if (!actual.equals(image.sha256())) {
                throw new CommandFailure("the image of program " + p.id() + " read back with SHA-256 " + actual
                        + " but the program says " + image.sha256() + "; nothing was saved");
            }
        }

        private static MessageDigest sha256() {
            try {
                return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JDK has SHA-256", e);
            }
        }
    }

    @Command(name = "get")
    static final class Get extends Download {
        @Override
        boolean thumbnail() {
            return false;
        }
    }

    @Command(name = "thumbnail")
    static final class Thumbnail extends Download {
        @Override
        boolean thumbnail() {
            return true;
        }
    }
}
