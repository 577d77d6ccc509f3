import Common
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import fcgi_pool

/// Go-compatible JSON (SPEC §6.2), the SVG chart, and the agenda rules (§9).
@Suite struct OutputFormatTests {
    @Test func jsonEscapesAndOrdersAsGo() {
        let v = OrderedJSON.object([("z", .string("<a href=\"x\">&amp;</a>\u{2028}\n\u{1}")), ("a", .array([.null, .bool(true)]))])
        #expect(v.text == #"{"z":"\u003ca href=\"x\"\u003e\u0026amp;\u003c/a\u003e\u2028\n\u0001","a":[null,true]}"#)
        #expect(v.document.last == UInt8(ascii: "\n"))
    }

    @Test(arguments: [(7.5, "7.5"), (0, "0"), (100, "100"), (0.1, "0.1"), (1e-7, "1e-07"), (1e21, "1e+21"),
                      (123456789012.5, "123456789012.5"), (-2.25, "-2.25"), (1e20, "100000000000000000000")])
    func floatsAsGo(value: Double, text: String) {
        #expect(OrderedJSON.goFloat(value) == text)
    }

    @Test func chartIsWellFormedEscapedSVG() throws {
        let points = (0..<10).map { StatsChart.Point(time: 1_700_000_000 + Int64($0) * 300, height: 100 + Int64($0),
                                                     live: 50 + Int64($0), voted: Int64($0 * 2)) }
        let svg = StatsChart.svg(points, title: "Live <script>alert(1)</script> & \"votes\"")
        #expect(!svg.contains("<script>"))
        #expect(svg.contains("Live &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;votes&quot;"))
        let parser = XMLParser(data: Data(svg.utf8))
        #expect(parser.parse(), "well-formed XML: \(parser.parserError.map { "\($0)" } ?? "")")
        #expect(svg.components(separatedBy: "<polyline").count == 3)
        let live = try #require(svg.range(of: #"class="live""#))
        let coords = svg[live.upperBound...].split(separator: "\"")[7].split(separator: " ")
        #expect(coords.count == 10)
        #expect(svg.contains("Live: 59") && svg.contains("Voted: 18") && svg.contains("block 109"))
        #expect(StatsChart.svg([]).contains("Not enough data yet"))
        #expect(XMLParser(data: Data(StatsChart.svg([points[0]]).utf8)).parse())
    }

    @Test func agendasAndValidVoteBits() {
        #expect(Deployments.agendas(network: .simnet, voteVersion: 6).isEmpty)
        #expect(Deployments.agendas(network: .mainnet, voteVersion: 5).isEmpty)
        let v4 = Deployments.agendas(network: .simnet, voteVersion: 4)
        #expect(v4.map(\.id) == ["maxblocksize"])
        #expect(Deployments.validVoteBits(v4) == [1, 3, 5])
        #expect(Deployments.validVoteBits([]) == [1])
        for bits: UInt16 in 0...16 {
            #expect(Deployments.isValid(bits, agendas: v4) == [1, 3, 5].contains(bits), "\(bits)")
        }
    }
}
