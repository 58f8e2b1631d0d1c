/**
 * Files: OpenAI's Files API ({@code /v1/files}) for batch input and output, the
 * {@link ai.novai.gateway.files.FileLibrary} the batch engine shares, a streaming multipart/form-data reader for
 * uploads, and the sweeper of expired files.
 */
package ai.novai.gateway.files;
