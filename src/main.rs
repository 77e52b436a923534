fn main() -> std::process::ExitCode {
    smslint::cli::main()
}
