import Foundation
import Testing
import TestSupport

/// README.md's configuration reference is generated from the option tables; it must match the build.
@Suite struct ConfigReferenceTests {
    @Test func readmeConfigurationReferenceMatchesTheOptionTables() throws {
        let binDir = Paths.packageRoot.appendingPathComponent(".build/debug").path
        let check = try ScriptRunner.run("config-reference", ["--check"], environment: ["BIN_DIR": binDir])
        #expect(check.status == 0, "run scripts/config-reference to refresh README.md:\n\(check.output.prefix(3000))")
    }

    @Test func referenceListsEveryPoolOption() throws {
        let readme = try String(contentsOf: Paths.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        for option in ["--apisecret=", "--wallethosts=", "--poolrequesttimeout=", "--poolallowedclients=", "--enablestakepoold",
                       "--exccdhost=", "--coldwalletextpub="] {
            #expect(readme.contains(option), "README lacks \(option)")
        }
    }
}
