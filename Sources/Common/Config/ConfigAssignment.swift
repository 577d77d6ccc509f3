/// One `key=value` read from a config file or the command line, before it is applied to the config.
struct ConfigAssignment<Config> {
    let spec: OptionSpec<Config>
    let value: String
    let location: ConfigLocation
}
