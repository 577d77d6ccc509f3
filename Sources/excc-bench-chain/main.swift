import Foundation

// usage: excc-bench-chain [--openssl-reference PATH]
let args = Array(CommandLine.arguments.dropFirst())
let reference = args.firstIndex(of: "--openssl-reference").flatMap { args.indices.contains($0 + 1) ? args[$0 + 1] : nil }
exit(ChainBenchmark.run(openSSLReference: reference))
