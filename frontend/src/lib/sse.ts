// parseSSE turns a text/event-stream body into events, for the streaming-fetch fallback.
// It keeps what it cannot yet parse and returns it as `rest` for the next chunk.
export interface SSEMessage {
  event: string;
  data: string;
}

export function parseSSE(buffer: string): { messages: SSEMessage[]; rest: string } {
  const messages: SSEMessage[] = [];
  const normalized = buffer.replace(/\r\n?/g, "\n");
  const blocks = normalized.split("\n\n");
  const rest = blocks.pop() ?? "";
  for (const block of blocks) {
    let event = "message";
    const data: string[] = [];
    for (const line of block.split("\n")) {
      if (line.startsWith(":")) continue;
      const i = line.indexOf(":");
      const field = i < 0 ? line : line.slice(0, i);
      const value = i < 0 ? "" : line.slice(i + 1).replace(/^ /, "");
      if (field === "event") event = value;
      else if (field === "data") data.push(value);
    }
    if (data.length > 0) messages.push({ event, data: data.join("\n") });
  }
  return { messages, rest };
}
