import type { LanguageSamples } from '../samples';

/** Samples of the more languages run by an interpreter or a VM: shells, Prolog, Lisps, Forth, Verilog, the BEAM, the JVM and scripts. */
export const SCRIPT_AND_VM_SAMPLES: Readonly<Record<string, LanguageSamples>> = {
  dash: { hello: 'echo "hello, world"', echo: 'cat', broken: 'if then fi (', crash: 'exit 3' },
  awk: {
    hello: 'BEGIN { print "hello, world" }',
    echo: '{ print }',
    broken: 'BEGIN { print "unclosed" ',
    crash: 'BEGIN { exit 3 }',
  },
  // A script with a #! line is an executable the kernel runs.
  executable: {
    hello: '#!/bin/sh\necho "hello, world"',
    echo: '#!/bin/sh\nexec cat',
    broken: 'if then fi (',
    crash: '#!/bin/sh\nexit 3',
  },
  'gnu-prolog': {
    hello: ":- initialization(main).\nmain :- write('hello, world'), nl.",
    echo: [
      ':- initialization(main).',
      'main :- get_code(C), loop(C).',
      'loop(-1) :- !.',
      'loop(C) :- put_code(C), get_code(D), loop(D).',
    ].join('\n'),
    broken: 'main :- write(unclosed.',
    crash: ':- initialization(main).\nmain :- halt(3).',
  },
  'swi-prolog': {
    hello: ":- initialization(main).\nmain :- write('hello, world'), nl.",
    echo: [
      ':- initialization(main, main).',
      'main :- get_code(C), loop(C).',
      'loop(-1) :- !.',
      'loop(C) :- put_code(C), get_code(D), loop(D).',
    ].join('\n'),
    broken: 'main :- write(unclosed.',
    crash: ':- initialization(main).\nmain :- X is 1 / 0, write(X).',
  },
  'common-lisp': {
    hello: '(write-line "hello, world")',
    echo: '(loop for line = (read-line *standard-input* nil) while line do (write-line line))',
    broken: '(write-line "unclosed"',
    crash: '(error "boom")',
  },
  forth: {
    hello: '.( hello, world) cr',
    echo: [
      'create buf 4096 allot',
      ': echo begin buf 4096 stdin read-file throw dup while buf swap type repeat drop ;',
      'echo',
    ].join('\n'),
    broken: 'no-such-word',
    crash: '1 0 / .',
  },
  verilog: {
    hello: 'module main;\n  initial begin\n    $display("hello, world");\n    $finish;\n  end\nendmodule',
    echo: [
      'module main;',
      '  integer c;',
      '  initial begin',
      "    c = $fgetc(32'h8000_0000);",
      '    while (c != -1) begin',
      '      $write("%c", c);',
      "      c = $fgetc(32'h8000_0000);",
      '    end',
      '    $finish;',
      '  end',
      'endmodule',
    ].join('\n'),
    broken: 'module main;\n  initial begin\n    $display("unclosed)\nendmodule',
    crash: 'module main;\n  initial $fatal(1, "boom");\nendmodule',
  },
  raku: {
    hello: 'say "hello, world";',
    echo: 'print $*IN.slurp;',
    broken: 'say "unclosed;',
    crash: 'die "boom";',
  },
  tcl: {
    hello: 'puts "hello, world"',
    echo: 'fconfigure stdin -translation binary\nfconfigure stdout -translation binary\nputs -nonewline [read stdin]',
    broken: 'puts "unclosed',
    crash: 'error "boom"',
  },
  scheme: {
    hello: '(display "hello, world")\n(newline)',
    echo: [
      '(use-modules (ice-9 textual-ports))',
      '(set-port-encoding! (current-input-port) "UTF-8")',
      '(set-port-encoding! (current-output-port) "UTF-8")',
      '(display (get-string-all (current-input-port)))',
    ].join('\n'),
    broken: '(display "unclosed"',
    crash: '(error "boom")',
  },
  // escript skips the first line; the runner puts one before these, as Judge0 does.
  erlang: {
    hello: 'main(_) -> io:format("hello, world~n").',
    echo: [
      'main(_) -> ok = io:setopts(standard_io, [binary, {encoding, unicode}]), loop().',
      'loop() ->',
      '    case io:get_chars(standard_io, "", 4096) of',
      '        eof -> ok;',
      '        Data -> io:put_chars(Data), loop()',
      '    end.',
    ].join('\n'),
    broken: 'main(_) -> io:format("unclosed~n"',
    crash: 'main(_) -> erlang:error(boom).',
  },
  elixir: {
    hello: 'IO.puts("hello, world")',
    echo: 'IO.write(IO.read(:stdio, :eof))',
    broken: 'IO.puts("unclosed"',
    crash: 'raise "boom"',
  },
  groovy: {
    hello: 'println "hello, world"',
    echo: 'System.out << System.in\nSystem.out.flush()',
    broken: 'def x = {',
    crash: 'throw new IllegalStateException("boom")',
  },
  clojure: {
    hello: '(println "hello, world")',
    echo: '(print (slurp *in*))\n(flush)',
    broken: '(println "unclosed"',
    crash: '(throw (IllegalStateException. "boom"))',
  },
  coffeescript: {
    hello: 'console.log "hello, world"',
    echo: 'process.stdin.pipe process.stdout',
    broken: 'console.log "unclosed',
    crash: 'throw new Error "boom"',
  },
  deno: {
    hello: 'const greeting: string = "hello, world";\nconsole.log(greeting);',
    echo: 'await Deno.stdout.write(new Uint8Array(await new Response(Deno.stdin.readable).arrayBuffer()));',
    broken: 'const n: number = "not a number";\nconsole.log(n);',
    crash: 'throw new Error("boom");',
  },
  octave: {
    hello: 'printf("hello, world\\n");',
    echo: 'fwrite(stdout, fread(stdin, Inf, "uint8=>char"));',
    broken: 'printf("unclosed',
    crash: 'error("boom");',
  },
  racket: {
    hello: '#lang racket\n(displayln "hello, world")',
    echo: '#lang racket\n(copy-port (current-input-port) (current-output-port))',
    broken: '#lang racket\n(displayln "unclosed"',
    crash: '#lang racket\n(error "boom")',
  },
  'emacs-lisp': {
    hello: '(princ "hello, world\\n")',
    echo: [
      '(let (line)',
      '  (while (setq line (ignore-errors (read-from-minibuffer "")))',
      '    (princ (concat line "\\n"))))',
    ].join('\n'),
    broken: '(princ "unclosed"',
    crash: '(error "boom")',
  },
};
