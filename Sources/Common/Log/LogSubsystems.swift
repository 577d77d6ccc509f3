/// The subsystem tags of each program. The original's names come first (SPEC §3.1) so `debuglevel` values
/// written for it keep working; new code adds its tags here, where `debuglevel` validation finds them.
public enum LogSubsystems {
    /// exccstakepool's EXCS, CNTL, GRPC, MODL, SYTM, then fcgi-pool's new ones.
    public static let pool = ["EXCS", "CNTL", "GRPC", "MODL", "SYTM", "POOL", "WEB", "WLLT", "DB", "MAIL"]
    /// stakepoold's RPCC, DB, GRPC, STPK, then the new job poller.
    public static let stakepoold = ["RPCC", "DB", "GRPC", "STPK", "JOBS"]
    /// The chain and wallet simulator.
    public static let simnet = ["SIMN", "RPCS"]
}
