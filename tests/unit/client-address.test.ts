import { describe, expect, it } from "vitest";
import { clientAddress, trustedProxyHops } from "@/lib/http/ip";

// Issue 11 (noticed with items 2 and 5): behind a load balancer the client's address is the entry the
// balancer appended, the last one; every entry before it is the client's own claim.
describe("the client's address behind trusted proxies", () => {
  it("takes the entry our one proxy appended, not one the client sent ahead of it", () => {
    // A client sends "X-Forwarded-For: 6.6.6.6"; the balancer appends what it saw.
    expect(clientAddress("6.6.6.6, 203.0.113.7", "10.0.0.2", 1)).toBe("203.0.113.7");
    expect(clientAddress("1.1.1.1, 2.2.2.2, 3.3.3.3, 203.0.113.7", "10.0.0.2", 1)).toBe("203.0.113.7");
  });

  it("counts two hops from the right with TRUST_PROXY=2", () => {
    expect(clientAddress("6.6.6.6, 203.0.113.7, 10.0.0.9", "10.0.0.2", 2)).toBe("203.0.113.7");
    // Fewer entries than hops: the leftmost one (the request skipped a proxy; still not the socket's).
    expect(clientAddress("203.0.113.7", "10.0.0.2", 2)).toBe("203.0.113.7");
  });

  it("ignores X-Forwarded-For without a trusted proxy, and when it is empty or absurd", () => {
    expect(clientAddress("6.6.6.6", "198.51.100.1", 0)).toBe("198.51.100.1");
    expect(clientAddress(undefined, "198.51.100.1", 1)).toBe("198.51.100.1");
    expect(clientAddress(" , ", "198.51.100.1", 1)).toBe("198.51.100.1");
    expect(clientAddress(`6.6.6.6, ${"x".repeat(200)}`, "198.51.100.1", 1)).toBe("198.51.100.1");
  });

  it("reads TRUST_PROXY as a small hop count", () => {
    expect(trustedProxyHops(undefined)).toBe(0);
    expect(trustedProxyHops("1")).toBe(1);
    expect(trustedProxyHops("2")).toBe(2);
    expect(trustedProxyHops("true")).toBe(0);
    expect(trustedProxyHops("-1")).toBe(0);
    expect(trustedProxyHops("1000")).toBe(0);
  });
});
