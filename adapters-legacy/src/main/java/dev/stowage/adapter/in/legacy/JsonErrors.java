package dev.stowage.adapter.in.legacy;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import dev.stowage.domain.error.InvalidInputException;

/** Jackson's parse failures as the domain's invalid input, with where in the file. */
final class JsonErrors {
    private JsonErrors() {
    }

    static InvalidInputException malformed(String file, JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        String why = e instanceof StreamConstraintsException ? "a value over the reader's limits ("
                + e.getOriginalMessage() + ")" : e.getOriginalMessage();
        return new InvalidInputException(file + " is not readable JSON" + where + ": " + why);
    }

    static InvalidInputException invalid(String file, String why, JsonLocation at) {
        String where = at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
        return new InvalidInputException(file + ": " + why + where);
    }
}
