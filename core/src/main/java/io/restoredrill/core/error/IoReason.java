package io.restoredrill.core.error;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/** A short human phrase for an I/O failure, to put inside an error sentence. */
public final class IoReason {

    private IoReason() {
    }

    public static String of(IOException e) {
        String subject = e instanceof FileSystemException fs && fs.getFile() != null ? fs.getFile() : null;
        if (e instanceof NoSuchFileException) {
            return "no such file: " + subject;
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied: " + subject;
        }
        if (e instanceof FileAlreadyExistsException) {
            return "already exists: " + subject;
        }
        if (e instanceof NotDirectoryException) {
            return "not a directory: " + subject;
        }
        if (e instanceof DirectoryNotEmptyException) {
            return "directory not empty: " + subject;
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
