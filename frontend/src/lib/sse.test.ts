import { describe, expect, it } from "vitest";
import { parseSSE } from "./sse";

describe("parseSSE", () => {
  it("parses named events, skips comments and keeps a partial block", () => {
    const { messages, rest } = parseSSE('retry: 2000\nevent: hello\ndata: {"a":1}\n\n: ping\n\nevent: notice\ndata: {"te');
    expect(messages).toEqual([{ event: "hello", data: '{"a":1}' }]);
    expect(rest).toBe('event: notice\ndata: {"te');
    const next = parseSSE(rest + 'xt":"Xin chào"}\n\n');
    expect(next.messages).toEqual([{ event: "notice", data: '{"text":"Xin chào"}' }]);
    expect(next.rest).toBe("");
  });

  it("joins multi-line data and accepts CRLF", () => {
    expect(parseSSE("data: a\r\ndata: b\r\n\r\n").messages).toEqual([{ event: "message", data: "a\nb" }]);
  });
});
