import Foundation
import Testing
import TestSupport
@testable import Common

/// Runs the built `.build/debug/excc-keys` (built by `swift build --build-tests`) against the vectors.
@Suite struct ExccKeysToolTests {
    static let stakePool = (try? Vectors.load("stake-pool", as: StakePoolVectors.self).vectors) ?? []
    static let derivation = try? Vectors.load("derivation", as: DerivationVectors.self)

    func run(_ args: String...) throws -> ToolRunner.Output {
        try #require(FileManager.default.isExecutableFile(atPath: ToolRunner.executable("excc-keys").path),
                     "build first: swift build --build-tests")
        return try ToolRunner.run("excc-keys", args)
    }

    @Test(arguments: stakePool)
    func deriveListsTheFeeAddresses(_ v: StakePoolVector) throws {
        let out = try run("derive", v.coldwalletextpub, "--from", "0", "--count", "3")
        #expect(out.status == 0)
        #expect(out.lines == v.feeAddresses.filter { $0.userId < 3 }.map(\.address))
        let last = try run("derive", v.coldwalletextpub, "--from", "9999", "--count", "1")
        #expect(last.lines == v.feeAddresses.filter { $0.userId == 9999 }.map(\.address))
    }

    @Test func deriveMatchesEveryExternalBranchVector() throws {
        let addresses = try #require(Self.derivation?.addresses).filter { $0.branch == 0 && $0.index < 10 }
        for (xpub, group) in Dictionary(grouping: addresses, by: \.accountExtendedPublic) {
            let out = try run("derive", xpub, "--count", "10")
            #expect(out.status == 0)
            for v in group { #expect(out.lines[Int(v.index)] == v.address) }
        }
    }

    @Test(arguments: stakePool)
    func multisigPrintsTheP2SHAndRedeemScript(_ v: StakePoolVector) throws {
        let viaAddress = try run("multisig", v.votingwalletextpub, v.userPubkeyaddr, "--user", String(v.userId))
        #expect(viaAddress.status == 0)
        #expect(viaAddress.lines == [v.multisigAddress, v.redeemScriptHex])
        let viaHex = try run("multisig", v.votingwalletextpub, v.userPublicKeyHex, "--user", String(v.userId))
        #expect(viaHex.lines == [v.multisigAddress, v.redeemScriptHex])
    }

    @Test func multisigRefusesAUserKeyOfAnotherNetwork() throws {
        let main = try #require(Self.stakePool.first { $0.network == "mainnet" })
        let test = try #require(Self.stakePool.first { $0.network == "testnet" })
        let out = try run("multisig", main.votingwalletextpub, test.userPubkeyaddr)
        #expect(out.status == 1)
        #expect(out.stderr.contains("wrong network"))
        let p2pkh = try run("multisig", main.votingwalletextpub, main.poolTicketAddress)
        #expect(p2pkh.status == 1)
        #expect(p2pkh.stderr.contains("incorrect address type"))
    }

    @Test func checkNamesNetworkAndType() throws {
        let v = try #require(Self.stakePool.first { $0.network == "simnet" })
        #expect(try run("check", v.multisigAddress).lines == ["simnet p2sh"])
        #expect(try run("check", v.userPubkeyaddr).lines == ["simnet p2pk"])
        #expect(try run("check", v.poolTicketAddress).lines == ["simnet p2pkh"])
        let bad = try run("check", "TsmWaPM77WSyA3aiQ2Q1KnwGDVWvEkhip23")
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("checksum mismatch"))
        #expect(bad.stdout.isEmpty)
        let decred = try run("check", "Tso2MVTUeVrjHTBFedFhiyM7yVTbieqp91h")
        #expect(decred.status == 1 && decred.stderr.contains("Decred"))
    }

    @Test func badInputAndUsage() throws {
        let help = try run("--help")
        #expect(help.status == 0 && help.stdout.contains("usage: excc-keys"))
        #expect(try run().status == 2)
        #expect(try run("frobnicate").status == 2)
        #expect(try run("derive").status == 2)
        let xprv = "xprv9s21ZrQH143K3GqwVJofp3rvzLsJ8J6RHt1L85LoDyZifXqcUeSPnMThY1QHsSorPoYcbyCs18A2kpyfw94Wpu3LHUV2ZAiHJ452vaRBJef"
        let priv = try run("derive", xprv)
        #expect(priv.status == 1 && priv.stderr.contains("private"))
        let v = try #require(Self.stakePool.first)
        #expect(try run("derive", v.coldwalletextpub, "--count", "x").status == 2)
        #expect(try run("derive", v.coldwalletextpub, "--from", "2147483647", "--count", "2").status == 2)
        #expect(try run("derive", String(v.coldwalletextpub.dropLast())).status == 1)
        #expect(try run("multisig", v.votingwalletextpub, v.userPubkeyaddr, "--user", "10000").status == 2)
        let uncompressed = try run("multisig", v.votingwalletextpub, "04" + String(repeating: "1", count: 128))
        #expect(uncompressed.status == 1 && uncompressed.stderr.contains("compressed key"))
        let offCurve = try run("multisig", v.votingwalletextpub, "02" + String(repeating: "0", count: 62) + "05")
        #expect(offCurve.status == 1 && offCurve.stderr.contains("not on the curve"))
    }
}
