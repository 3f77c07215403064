// mimalloc: the compiler allocates millions of small strings and nodes; measured on a
// 100k-server design it cuts page faults and wall time (see README, Performance).
#[cfg(feature = "mimalloc")]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(infrac::cli::main())
}
