fn main() {
    std::process::exit(infrac::cli::main())
}
