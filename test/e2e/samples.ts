import { MORE_SAMPLES } from './more-samples';

/**
 * Sample programs for the conformance suite, one entry per catalog language id.
 * - hello: prints exactly "hello, world\n".
 * - echo: copies stdin to stdout byte for byte (the suite sends UTF-8 text ending in a newline).
 * - broken: does not compile (compiled languages) or has a syntax error (interpreted ones).
 * - crash: compiles, then fails at run time with a non-zero exit code.
 */
export interface LanguageSamples {
  hello: string;
  echo: string;
  broken: string;
  crash: string;
}

export const SAMPLES: Readonly<Record<string, LanguageSamples>> = {
  python: {
    hello: 'print("hello, world")',
    echo: 'import sys\nsys.stdout.write(sys.stdin.read())',
    broken: 'print("unclosed"',
    crash: 'raise SystemExit(3)',
  },
  'python-ml': {
    hello: 'import numpy as np\nprint("hello, world" if np.arange(3).sum() == 3 else "no")',
    echo: 'import sys\nsys.stdout.write(sys.stdin.read())',
    broken: 'print("unclosed"',
    crash: 'raise SystemExit(3)',
  },
  javascript: {
    hello: 'console.log("hello, world")',
    echo: 'process.stdin.pipe(process.stdout)',
    broken: 'function (',
    crash: 'throw new Error("boom")',
  },
  typescript: {
    hello: 'const greeting: string = "hello, world";\nconsole.log(greeting);',
    echo: 'process.stdin.pipe(process.stdout);',
    broken: 'const n: number = "not a number";\nconsole.log(n);',
    crash: 'const data: number[] = [];\nif (data.length === 0) process.exit(4);',
  },
  c: {
    hello: '#include <stdio.h>\nint main(void){puts("hello, world");return 0;}',
    echo: '#include <stdio.h>\nint main(void){int c;while((c=getchar())!=EOF)putchar(c);return 0;}',
    broken: 'int main(void){ return undefined_name; }',
    crash: '#include <stdlib.h>\nint main(void){abort();}',
  },
  cpp: {
    hello: '#include <iostream>\nint main(){std::cout<<"hello, world"<<std::endl;}',
    echo: '#include <iostream>\nint main(){std::cout<<std::cin.rdbuf();}',
    broken: 'int main(){ std::vector<int> v; }',
    crash: '#include <stdexcept>\nint main(){throw std::runtime_error("boom");}',
  },
  'cpp-gtest': {
    hello: '#include <iostream>\nint main(){std::cout<<"hello, world"<<std::endl;}',
    echo: '#include <iostream>\nint main(){std::cout<<std::cin.rdbuf();}',
    broken: 'int main(){ std::vector<int> v; }',
    crash: '#include <stdexcept>\nint main(){throw std::runtime_error("boom");}',
  },
  fortran: {
    hello: 'program hello\n  print "(a)", "hello, world"\nend program hello',
    echo: [
      'program echo',
      '  implicit none',
      '  character(len=4096) :: line',
      '  integer :: n, ios',
      '  do',
      '    read (*, "(a)", advance="no", size=n, iostat=ios) line',
      '    if (is_iostat_end(ios)) exit',
      '    write (*, "(a)") line(1:n)',
      '  end do',
      'end program echo',
    ].join('\n'),
    broken: 'program broken\n  x = \nend program broken',
    crash: 'program crash\n  error stop 3\nend program crash',
  },
  d: {
    hello: 'import std.stdio;\nvoid main() { writeln("hello, world"); }',
    echo: 'import std.stdio;\nvoid main() { foreach (ubyte[] chunk; stdin.byChunk(4096)) stdout.rawWrite(chunk); }',
    broken: 'void main() { int x = "text"; }',
    crash: 'void main() { throw new Exception("boom"); }',
  },
  java: {
    hello:
      'public class Main { public static void main(String[] a) { System.out.println("hello, world"); } }',
    echo: 'public class Main { public static void main(String[] a) throws Exception { System.in.transferTo(System.out); System.out.flush(); } }',
    broken: 'public class Main { public static void main(String[] a) { int x = "text"; } }',
    crash:
      'public class Main { public static void main(String[] a) { throw new IllegalStateException("boom"); } }',
  },
  'java-junit': {
    hello:
      'public class Main { public static void main(String[] a) { System.out.println("hello, world"); } }',
    echo: 'public class Main { public static void main(String[] a) throws Exception { System.in.transferTo(System.out); System.out.flush(); } }',
    broken: 'public class Main { public static void main(String[] a) { int x = "text"; } }',
    crash:
      'public class Main { public static void main(String[] a) { throw new IllegalStateException("boom"); } }',
  },
  kotlin: {
    hello: 'fun main() { println("hello, world") }',
    echo: 'fun main() { System.`in`.copyTo(System.out); System.out.flush() }',
    broken: 'fun main() { val x: Int = "text" }',
    crash: 'fun main() { throw IllegalStateException("boom") }',
  },
  scala: {
    hello: 'object Main { def main(args: Array[String]): Unit = println("hello, world") }',
    echo: [
      'object Main {',
      '  def main(args: Array[String]): Unit = {',
      '    val buf = new Array[Byte](4096)',
      '    var n = System.in.read(buf)',
      '    while (n >= 0) { System.out.write(buf, 0, n); n = System.in.read(buf) }',
      '    System.out.flush()',
      '  }',
      '}',
    ].join('\n'),
    broken: 'object Main { def main(args: Array[String]): Unit = { val x: Int = "text" } }',
    crash: 'object Main { def main(args: Array[String]): Unit = throw new IllegalStateException("boom") }',
  },
  go: {
    hello: 'package main\nimport "fmt"\nfunc main() { fmt.Println("hello, world") }',
    echo: 'package main\nimport ("io"; "os")\nfunc main() { io.Copy(os.Stdout, os.Stdin) }',
    broken: 'package main\nfunc main() { var x int = "text" }',
    crash: 'package main\nfunc main() { panic("boom") }',
  },
  rust: {
    hello: 'fn main() { println!("hello, world"); }',
    echo: 'use std::io;\nfn main() { io::copy(&mut io::stdin(), &mut io::stdout()).unwrap(); }',
    broken: 'fn main() { let x: i32 = "text"; }',
    crash: 'fn main() { panic!("boom"); }',
  },
  csharp: {
    hello: 'class Program { static void Main() { System.Console.WriteLine("hello, world"); } }',
    echo: [
      'using System;',
      'class Program {',
      '  static void Main() {',
      '    using (var stdin = Console.OpenStandardInput()) using (var stdout = Console.OpenStandardOutput()) stdin.CopyTo(stdout);',
      '  }',
      '}',
    ].join('\n'),
    broken: 'class Program { static void Main() { int x = "text"; } }',
    crash: 'class Program { static void Main() { throw new System.InvalidOperationException("boom"); } }',
  },
  ruby: {
    hello: 'puts "hello, world"',
    echo: '$stdout.write($stdin.read)',
    broken: 'def broken(',
    crash: 'raise "boom"',
  },
  php: {
    hello: '<?php\necho "hello, world\\n";',
    echo: '<?php\nstream_copy_to_stream(STDIN, STDOUT);',
    broken: '<?php\necho "unclosed;',
    crash: '<?php\nthrow new RuntimeException("boom");',
  },
  perl: {
    hello: 'print "hello, world\\n";',
    echo: 'binmode STDIN; binmode STDOUT; print while <STDIN>;',
    broken: 'print "unclosed;',
    crash: 'die "boom\\n";',
  },
  lua: {
    hello: 'print("hello, world")',
    echo: 'io.write(io.read("a"))',
    broken: 'print("unclosed"',
    crash: 'error("boom")',
  },
  bash: { hello: 'echo "hello, world"', echo: 'cat', broken: 'if then fi (', crash: 'exit 3' },
  // The run script alone; without a compile script the compile phase is `bash -n` of it.
  multi: { hello: 'echo "hello, world"', echo: 'cat', broken: 'if then fi (', crash: 'exit 3' },
  haskell: {
    hello: 'main :: IO ()\nmain = putStrLn "hello, world"',
    echo: 'main :: IO ()\nmain = interact id',
    broken: 'main :: IO ()\nmain = putStrLn 42',
    crash: 'main :: IO ()\nmain = error "boom"',
  },
  ocaml: {
    hello: 'let () = print_endline "hello, world"',
    echo: 'let () = try while true do print_char (input_char stdin) done with End_of_file -> ()',
    broken: 'let () = print_endline 42',
    crash: 'let () = failwith "boom"',
  },
  pascal: {
    hello: "program Hello;\nbegin\n  writeln('hello, world');\nend.",
    echo: 'program Echo;\nvar c: char;\nbegin\n  while not eof(input) do begin read(input, c); write(output, c); end;\nend.',
    broken: "program Broken;\nvar x: integer;\nbegin\n  x := 'text';\nend.",
    crash: 'program Crash;\nbegin\n  halt(3);\nend.',
  },
  r: {
    hello: 'cat("hello, world\\n")',
    echo: 'con <- file("stdin")\nwriteLines(readLines(con))\nclose(con)',
    broken: 'cat("unclosed"',
    crash: 'stop("boom")',
  },
  sql: {
    hello: "SELECT 'hello, world';",
    // .import in ascii mode reads stdin as one row (no record separators in it); the row's own
    // newline comes back when the row is printed.
    echo: 'CREATE TABLE t(x);\n.import --ascii /dev/stdin t\nSELECT rtrim(x, char(10)) FROM t;',
    broken: "SELECT 'a' FROM;",
    crash: 'SELECT * FROM no_such_table;',
  },
  ...MORE_SAMPLES,
};
