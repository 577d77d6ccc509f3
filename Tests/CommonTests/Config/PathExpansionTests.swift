import Testing
@testable import Common

/// `~` and `$VAR` expansion in path options (SPEC §3.1), then a lexical clean.
@Suite struct PathExpansionTests {
    private let environment = ConfigEnvironment(home: "/home/pool", workingDirectory: "/srv/app",
                                                variables: ["DATA": "/var/lib/pool", "NAME": "x"])

    @Test(arguments: [
        ("~", "/home/pool"), ("~/.exccstakepool/data", "/home/pool/.exccstakepool/data"),
        ("$DATA/logs", "/var/lib/pool/logs"), ("${DATA}/logs", "/var/lib/pool/logs"),
        ("/a/$NAME.cert", "/a/x.cert"), ("/a/${UNSET}b", "/a/b"), ("/a/$UNSET/b", "/a/b"),
        ("/price$", "/price$"), ("/a/$-b", "/a/$-b"), ("~user/x", "~user/x"),
        ("/a//b/./c/../d/", "/a/b/d"), ("../x/./y", "../x/y"), ("a/..", "."),
    ])
    func expands(path: String, expected: String) {
        #expect(PathExpander.expand(path, environment: environment) == expected)
    }

    @Test func pathOptionsAreExpandedAndMadeAbsolute() throws {
        let directory = try ConfigTestDirectory()
        let text = ConfigTestDirectory.configText(ConfigTestDirectory.poolRequired, replacing: ["walletcerts": nil], extra: [
            "datadir=$POOLROOT/d", "logdir=~/l", "publicpath=pub", "poolpidfile=${POOLROOT}/run/pool.pid",
            "walletcerts=$HOME/.exccstakepool/w1.cert,w2.cert", "closepoolmsg=~ is not a path here",
        ])
        let config = try directory.loadPool(text, arguments: ["--simnet"]).config
        #expect(config.dataDir == directory.root + "/d/simnet")
        #expect(config.logDir == directory.home + "/l/simnet")
        #expect(config.publicPath == directory.work + "/pub")
        #expect(config.poolPIDFile == directory.root + "/run/pool.pid")
        #expect(config.closePoolMsg == "~ is not a path here")
        #expect(config.walletCerts == [directory.home + "/.exccstakepool/w1.cert",
                                       directory.home + "/.exccstakepool/w2.cert"])
    }
}
