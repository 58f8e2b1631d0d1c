package ai.novai.tools.catalog;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Runs one tool with arguments already checked against its schema. It runs on a thread of its own, which
 * is interrupted when the execution is abandoned (time limit, caller gone): a blocking invoker returns or
 * throws {@link InterruptedException} soon after.
 */
@FunctionalInterface
public interface ToolInvoker {

    /**
     * Runs the tool.
     *
     * @param arguments the model's arguments, a JSON object valid against the tool's schema
     * @return the result; a failure the model should read is an error result, not an exception
     * @throws InterruptedException when the execution was abandoned
     */
    ToolResult invoke(ObjectNode arguments) throws InterruptedException;
}
