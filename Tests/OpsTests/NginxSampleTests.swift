import Common
import Foundation
import Testing

@Suite struct NginxSampleTests {
    @Test func samplePassesNginxConfigTest() throws {
        let sample = try NginxSample()
        let result = try sample.test()
        #expect(result.status == 0, "nginx -t: \(result.output)")
        #expect(result.output.contains("test is successful"))
    }

    /// The pool's watchdog must end a hung request before nginx does (SPEC C3, ENV.md §6.2).
    @Test func readTimeoutIsAboveThePoolRequestTimeout() throws {
        let text = try NginxSample.text
        let timeouts = text.split(separator: "\n")
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { $0.hasPrefix("fastcgi_read_timeout") }
        #expect(!timeouts.isEmpty)
        for line in timeouts {
            let seconds = line.dropFirst("fastcgi_read_timeout".count)
                .trimmingCharacters(in: CharacterSet(charactersIn: " ;s"))
            let value = try #require(Double(seconds), "cannot read \(line)")
            #expect(value > PoolConfig().poolRequestTimeout)
        }
    }

    @Test func keepsUpstreamConnectionsOffAndRateLimitsAuthAndAPI() throws {
        let text = try NginxSample.text
        let active = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.hasPrefix("#") }
        #expect(active.contains("fastcgi_keep_conn off;"))
        #expect(!active.contains { $0.hasPrefix("keepalive ") })
        #expect(active.contains { $0.contains("rate=1r/s") })
        #expect(active.contains { $0.contains("signin|signup|passwordreset") })
        #expect(active.filter { $0.hasPrefix("limit_req zone=") && $0.contains("burst=5") }.count == 2)
        #expect(active.contains { $0.hasPrefix("add_header Content-Security-Policy") && !$0.contains("http://") })
        #expect(active.contains { $0.hasPrefix("add_header X-Frame-Options") })
        #expect(text.contains("# add_header Strict-Transport-Security"))
    }
}
