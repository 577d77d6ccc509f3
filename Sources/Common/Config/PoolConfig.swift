/// Every option of exccstakepool.conf (SPEC.md §3.2), with the original's defaults, plus the options
/// the Swift build adds (marked "New"). Filled by `ConfigLoader`; plain values, no I/O.
public struct PoolConfig: Sendable, Equatable {
    // MARK: Options of the original (names are the go-flags long names)
    public var configFile = "~/.exccstakepool/exccstakepool.conf"   // configfile / -C
    public var dataDir = "~/.exccstakepool/data"                     // datadir / -b (network name appended)
    public var logDir = "~/.exccstakepool/logs"                      // logdir (network name appended)
    /// FastCGI listen address: a path starting with "." or "/" is a unix socket, "host:port" is TCP.
    public var listen = ":8000"
    public var testnet = false
    public var simnet = false
    public var profile = ""                                          // parsed only: port 1024–65535 if set
    public var cpuProfile = ""                                       // cpuprofile: parsed only
    public var memProfile = ""                                       // memprofile: parsed only
    public var debugLevel = "info"                                   // debuglevel / -d
    public var apiSecret = ""                                        // apisecret: required
    public var baseURL = "http://127.0.0.1:8000"                     // baseurl
    public var coldWalletExtPub = ""                                 // coldwalletextpub: required
    public var votingWalletExtPub = ""                               // votingwalletextpub: required
    public var closePool = false                                     // closepool
    public var closePoolMsg = "The stake pool is temporarily closed to new signups."
    public var cookieSecret = ""                                     // cookiesecret: required
    public var cookieSecure = false                                  // cookiesecure
    public var dbHost = "localhost"                                  // dbhost
    public var dbPort = "3306"                                       // dbport
    public var dbUser = "stakepool"                                  // dbuser
    public var dbPassword = ""                                       // dbpassword: required
    public var dbName = "stakepool"                                  // dbname
    public var publicPath = "public"                                 // publicpath
    public var templatePath = "views"                                // templatepath
    public var recaptchaSiteKey = "6LeIxAcTAAAAAJcZVRqyHh71UMIEGNQ_MXjiZKhI"
    public var recaptchaSecret = "6LeIxAcTAAAAAGG-vFI1TnRWxMZNFuojJ4WifJWe"
    public var poolEmail = "help@excc.co"                            // poolemail
    public var poolFees = 7.5                                        // poolfees (percent)
    public var poolLink = "https://support.excc.co/"                 // poollink
    public var realIPHeader = ""                                     // realipheader
    public var smtpHost = ""                                         // smtphost (host:port; empty: log mails)
    public var smtpFrom = ""                                         // smtpfrom
    public var smtpUsername = ""                                     // smtpusername
    public var smtpPassword = ""                                     // smtppassword
    public var walletHosts: [String] = []                            // wallethosts: required, ≥ 2
    public var walletUsers: [String] = []                            // walletusers
    public var walletPasswords: [String] = []                        // walletpasswords
    public var walletCerts: [String] = []                            // walletcerts
    public var enableStakepoold = false                              // accepted and ignored (D2)
    public var stakepooldHosts: [String] = []                        // accepted and ignored (D2)
    public var stakepooldCerts: [String] = []                        // accepted and ignored (D2)
    public var adminIPs: [String] = []                               // adminips: required
    public var adminUserIDs: [String] = []                           // adminuserids: required
    public var minServers = 2                                        // minservers
    public var maxVotedAge: Int64 = 8640                             // maxvotedage
    public var service = ""                                          // service / -s: Windows only, ignored

    // MARK: New in the Swift build
    /// appdata / -A: home directory; moves the defaults of configfile, datadir and logdir (like stakepoold's),
    /// and is where relative walletcerts are looked up.
    public var appData = "~/.exccstakepool"
    /// dbsocket: unix socket of MySQL when dbhost is "localhost" (empty: the client library's default).
    public var dbSocket = ""
    /// recaptchaverifyurl: where reCAPTCHA answers are verified (C15).
    public var recaptchaVerifyURL = "https://www.google.com/recaptcha/api/siteverify"
    /// walletrpctimeout: seconds for one wallet JSON-RPC call.
    public var walletRPCTimeout = 10.0
    /// walletsyncinterval: seconds between the periodic wallet sync checks (0: start-up and `ctl` only).
    public var walletSyncInterval = 1800
    /// sessionidletimeout / sessionlifetime: seconds (C10; 30-day sliding limit as the original).
    public var sessionIdleTimeout = 30 * 24 * 3600
    public var sessionLifetime = 90 * 24 * 3600
    /// ratelimitwindow: seconds of one rate-limit window (C14); the limits below count hits per window.
    public var rateLimitWindow = 900
    /// ratelimitsignin: sign-in attempts per client IP and per account (email) in one window.
    public var rateLimitSignIn = 20
    /// ratelimitsignup: sign-ups per client IP in one window.
    public var rateLimitSignUp = 10
    /// ratelimitpasswordreset: password-reset requests per client IP and per account in one window.
    public var rateLimitPasswordReset = 10
    /// ratelimitaddress: address submissions through the API (`POST /api/v1|v2/address`) per client IP in one window.
    public var rateLimitAddress = 10

    // fcgi-pool: the FastCGI process manager (D1)
    /// poolmode: "static" (poolworkers workers) or "dynamic" (between poolminworkers and poolmaxworkers).
    public var poolMode = "static"
    public var poolWorkers = 4                  // poolworkers: static count, and the start count when dynamic
    public var poolMinWorkers = 2               // poolminworkers
    public var poolMaxWorkers = 16              // poolmaxworkers: hard cap in both modes
    public var poolMinSpare = 1                 // poolminspare: dynamic, fewer idle → spawn
    public var poolMaxSpare = 4                 // poolmaxspare: dynamic, more idle → retire the oldest idle
    public var poolSpawnRate = 8                // poolspawnrate: at most this many spawns a second
    public var poolMaxRequests = 10000          // poolmaxrequests: recycle a worker after this many (0: never)
    public var poolMaxRSS = 256                 // poolmaxrss: MiB; recycle a worker above it (0: never)
    public var poolSlowRequest = 5.0            // poolslowrequest: seconds; log the request as slow
    public var poolRequestTimeout = 50.0        // poolrequesttimeout: seconds; kill the worker (< nginx's 60 s)
    public var poolGraceTime = 30.0             // poolgracetime: seconds a graceful stop or reload waits
    public var poolBacklog = 1024               // poolbacklog: listen queue length
    public var poolSocketMode = "0660"          // poolsocketmode: octal mode of a unix listen socket
    public var poolSocketOwner = ""             // poolsocketowner: user name of a unix listen socket
    public var poolSocketGroup = ""             // poolsocketgroup: group name of a unix listen socket
    public var poolAllowedClients: [String] = ["127.0.0.1"]  // poolallowedclients: peers allowed on TCP
    public var poolControlSocket = ""           // poolcontrolsocket: unix socket of `fcgi-pool ctl` (default <datadir>/fcgi-pool.ctl)
    public var poolPIDFile = ""                 // poolpidfile
    public var poolMaxBody = 1 << 20            // poolmaxbody: bytes of request body accepted (over → 413)
    /// foreground (command line, -F): stay attached to the terminal/supervisor instead of daemonizing.
    public var foreground = false

    public init() {}
}
