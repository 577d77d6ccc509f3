import Foundation

/// The stats page's chart of the pool's live tickets and votes over time, drawn on the server as SVG (no
/// JavaScript, no CDN). A pure function of its points, so it is tested without a browser.
enum StatsChart {
    struct Point: Sendable, Equatable {
        /// Unix seconds.
        let time: Int64
        let height: Int64
        let live: Int64
        let voted: Int64
    }

    static let width = 640.0
    static let height = 240.0
    static let margin = (left: 56.0, right: 16.0, top: 28.0, bottom: 32.0)

    /// An `<svg>` element; with fewer than two points it says there is nothing to draw yet.
    static func svg(_ points: [Point], title: String = "Live tickets and votes") -> String {
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 \(fmt(width)) \(fmt(height))\" "
        out += "role=\"img\" aria-label=\"\(HTMLEscaper.escape(title))\"><title>\(HTMLEscaper.escape(title))</title>"
        guard points.count >= 2 else {
            out += "<text x=\"\(fmt(width / 2))\" y=\"\(fmt(height / 2))\" text-anchor=\"middle\">Not enough data yet</text></svg>"
            return out
        }
        let t0 = points.first!.time, t1 = max(points.last!.time, t0 + 1)
        let top = max(1, points.map { max($0.live, $0.voted) }.max() ?? 1)
        let plotW = width - margin.left - margin.right, plotH = height - margin.top - margin.bottom
        func x(_ t: Int64) -> Double { margin.left + plotW * Double(t - t0) / Double(t1 - t0) }
        func y(_ v: Int64) -> Double { margin.top + plotH * (1 - Double(v) / Double(top)) }
        out += "<line x1=\"\(fmt(margin.left))\" y1=\"\(fmt(margin.top + plotH))\" x2=\"\(fmt(margin.left + plotW))\" "
        out += "y2=\"\(fmt(margin.top + plotH))\" stroke=\"#888\"/>"
        out += "<line x1=\"\(fmt(margin.left))\" y1=\"\(fmt(margin.top))\" x2=\"\(fmt(margin.left))\" y2=\"\(fmt(margin.top + plotH))\" stroke=\"#888\"/>"
        out += "<text x=\"\(fmt(margin.left - 6))\" y=\"\(fmt(margin.top + 4))\" text-anchor=\"end\" font-size=\"11\">\(top)</text>"
        out += "<text x=\"\(fmt(margin.left - 6))\" y=\"\(fmt(margin.top + plotH))\" text-anchor=\"end\" font-size=\"11\">0</text>"
        out += "<text x=\"\(fmt(margin.left))\" y=\"\(fmt(height - 10))\" font-size=\"11\">block \(points.first!.height)</text>"
        out += "<text x=\"\(fmt(margin.left + plotW))\" y=\"\(fmt(height - 10))\" text-anchor=\"end\" font-size=\"11\">block \(points.last!.height)</text>"
        for (name, color, value) in [("Live", "#2970ff", \Point.live), ("Voted", "#2ed8a3", \Point.voted)] {
            let coords = points.map { "\(fmt(x($0.time))),\(fmt(y($0[keyPath: value])))" }.joined(separator: " ")
            out += "<polyline class=\"\(name.lowercased())\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\" points=\"\(coords)\"/>"
        }
        out += "<text x=\"\(fmt(margin.left + 4))\" y=\"16\" font-size=\"12\" fill=\"#2970ff\">Live: \(points.last!.live)</text>"
        out += "<text x=\"\(fmt(margin.left + 120))\" y=\"16\" font-size=\"12\" fill=\"#2ed8a3\">Voted: \(points.last!.voted)</text>"
        return out + "</svg>"
    }

    /// Two decimals at most, no exponent (SVG accepts plain decimals).
    static func fmt(_ v: Double) -> String {
        let r = (v * 100).rounded() / 100
        return r == r.rounded() ? String(Int64(r)) : String(format: "%.2f", r)
    }
}
