package dev.stowage.bootstrap.cli;

import dev.stowage.domain.common.Checks;
import dev.stowage.domain.common.Cursor;
import dev.stowage.domain.common.Sha256;
import dev.stowage.domain.common.UserId;
import dev.stowage.domain.document.DocumentId;
import dev.stowage.domain.document.DocumentName;
import dev.stowage.domain.document.DocumentQuery;
import dev.stowage.domain.document.MimeType;
import dev.stowage.domain.error.InvalidInputException;
import dev.stowage.domain.queue.JobId;
import dev.stowage.domain.queue.JobState;
import dev.stowage.domain.queue.JobType;
import dev.stowage.domain.queue.QueueName;
import dev.stowage.domain.queue.TemplateName;
import dev.stowage.domain.token.TokenId;
import dev.stowage.domain.token.TokenScope;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Turns arguments into domain values while picocli parses them, so that a malformed value is bad
 * usage (exit 2, with the rule it broke) rather than a failure of the command.
 */
final class Converters {

    private Converters() {
    }

    /** Registers every converter on {@code cli} and the subcommands it has now. */
    static CommandLine registerAll(CommandLine cli) {
        cli.registerConverter(QueueName.class, domain(QueueName::new));
        cli.registerConverter(JobType.class, domain(JobType::new));
        cli.registerConverter(JobId.class, domain(JobId::new));
        cli.registerConverter(TemplateName.class, domain(TemplateName::new));
        cli.registerConverter(UserId.class, domain(UserId::new));
        cli.registerConverter(DocumentId.class, domain(DocumentId::new));
        cli.registerConverter(DocumentName.class, domain(DocumentName::new));
        cli.registerConverter(TokenId.class, domain(TokenId::new));
        cli.registerConverter(TokenScope.class, domain(TokenScope::parse));
        cli.registerConverter(MimeType.class, domain(MimeType::new));
        cli.registerConverter(Sha256.class, domain(Sha256::new));
        cli.registerConverter(dev.stowage.domain.backup.BackupId.class, domain(dev.stowage.domain.backup.BackupId::new));
        cli.registerConverter(Cursor.class, domain(Cursor::new));
        cli.registerConverter(JobState.class, anyCase(JobState.class));
        cli.registerConverter(DocumentQuery.Sort.class, anyCase(DocumentQuery.Sort.class));
        cli.registerConverter(Duration.class, value -> {
            try {
                return Durations.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        });
        cli.registerConverter(Instant.class, value -> {
            Instant parsed;
            try {
                parsed = Instant.parse(value);
            } catch (DateTimeParseException e) {
                throw new TypeConversionException("'" + value + "' is not an ISO-8601 instant such as 2024-01-15T10:30:00Z");
            }
            try {
                return Checks.instant(parsed, "'" + value + "'");
            } catch (InvalidInputException e) {
                throw new TypeConversionException(e.getMessage());
            }
        });
        return cli;
    }

    /** The domain type's own validation, its message kept as the usage error. */
    private static <T> ITypeConverter<T> domain(Function<String, T> make) {
        return value -> {
            try {
                return make.apply(value);
            } catch (InvalidInputException e) {
                throw new TypeConversionException(e.getMessage());
            }
        };
    }

    private static <E extends Enum<E>> ITypeConverter<E> anyCase(Class<E> type) {
        return value -> {
            for (E e : type.getEnumConstants()) {
                if (e.name().equalsIgnoreCase(value.strip())) {
                    return e;
                }
            }
            throw new TypeConversionException("'" + value + "' is not one of " + Arrays.stream(type.getEnumConstants())
                    .map(e -> e.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ", "[", "]")));
        };
    }
}
