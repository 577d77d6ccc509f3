import Testing
@testable import Common

/// C1: every list option takes comma lists and repeated keys; positional lists concatenate in file order,
/// set-like lists are unions.
@Suite struct ListOptionTests {
    private func load(_ replacing: [String: String?], extra: [String] = [],
                      arguments: [String] = []) throws -> PoolConfig {
        let directory = try ConfigTestDirectory()
        try directory.write("home/.exccstakepool/w3.cert")
        let text = ConfigTestDirectory.configText(ConfigTestDirectory.poolRequired, replacing: replacing, extra: extra)
        return try directory.loadPool(text, arguments: arguments).config
    }

    @Test func positionalListsConcatenateInFileOrder() throws {
        let config = try load(
            ["wallethosts": "10.0.0.1", "walletusers": "u1", "walletpasswords": "p1", "walletcerts": "w1.cert"],
            extra: ["wallethosts=10.0.0.2:1234, 10.0.0.3", "walletusers=u1,u3", "walletpasswords=p1",
                    "walletpasswords=p3", "walletcerts=w2.cert,w3.cert"])
        #expect(config.walletHosts == ["10.0.0.1:9110", "10.0.0.2:1234", "10.0.0.3:9110"])
        #expect(config.walletUsers == ["u1", "u1", "u3"])          // not de-duplicated
        #expect(config.walletPasswords == ["p1", "p1", "p3"])
        #expect(config.walletCerts.map { $0.split(separator: "/").last! } == ["w1.cert", "w2.cert", "w3.cert"])
    }

    @Test func setListsAreUnions() throws {
        let config = try load(["adminips": "127.0.0.1,10.0.0.9", "adminuserids": "1,2"],
                              extra: ["adminips=10.0.0.9", "AdminIPs=192.0.2.1,127.0.0.1", "adminuserids=2",
                                      "adminuserids=3", "AdminUserIDs=1"])
        #expect(config.adminIPs == ["127.0.0.1", "10.0.0.9", "192.0.2.1"])
        #expect(config.adminUserIDs == ["1", "2", "3"])
    }

    /// Quirk 1: the original kept `adminuserids=1,2` as one entry "1,2"; now it is two.
    @Test func adminUserIDsAreCommaSplit() throws {
        let config = try load(["adminuserids": "1,2"])
        #expect(config.adminUserIDs == ["1", "2"])
    }

    @Test func blanksAndEmptyItemsAreDropped() throws {
        let config = try load(["adminips": " 127.0.0.1 ,, 10.0.0.1 ,"])
        #expect(config.adminIPs == ["127.0.0.1", "10.0.0.1"])
    }

    @Test func hostsAreDeduplicatedAfterGettingTheirDefaultPort() throws {
        let config = try load(["wallethosts": "10.0.0.1,10.0.0.1:9110,10.0.0.2,[::1],fe80::1"],
                              extra: ["walletusers=u3,u4", "walletpasswords=p3,p4", "walletcerts=w3.cert,w1.cert"])
        .walletHosts
        #expect(config == ["10.0.0.1:9110", "10.0.0.2:9110", "[::1]:9110", "[fe80::1]:9110"])
    }

    @Test func aDefaultListIsReplacedByTheFirstOccurrence() throws {
        #expect(PoolConfig().poolAllowedClients == ["127.0.0.1"])
        let config = try load([:], extra: ["poolallowedclients=10.0.0.5"], arguments: ["--poolallowedclients=10.0.0.6"])
        #expect(config.poolAllowedClients == ["10.0.0.5", "10.0.0.6"])
        let untouched = try load([:])
        #expect(untouched.poolAllowedClients == ["127.0.0.1"])
    }

    @Test(arguments: [
        ("10.0.0.1", 9110, "10.0.0.1:9110"), ("host.example:1", 9110, "host.example:1"),
        ("host:", 9110, "host:"), ("::1", 19110, "[::1]:19110"), ("[::1]", 19557, "[::1]:19557"),
        ("[::1]:5", 19557, "[::1]:5"), ("wallet", 19557, "wallet:19557"),
    ])
    func hostNormalisation(address: String, port: Int, expected: String) {
        #expect(HostAddress.normalize(address, defaultPort: port) == expected)
    }
}
