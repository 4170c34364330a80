import Testing
@testable import Language

@Suite struct InterpreterTests {
    @Test func arithmeticAndPrecedence() throws {
        #expect(try output(of: "print(1 + 2 * 3, (1 + 2) * 3, 2 ** 3 ** 2, -2 ** 2, 7 % 3, -7 % 3, 7 / 2)")
                == ["7 9 512 -4 1 2 3.5"])
        #expect(try output(of: "print(1 < 2, 2 <= 1, 3 == 3, 3 != 3, \"a\" < \"b\", not true, true and false, false or true)")
                == ["true false true false true false false true"])
        #expect(try output(of: "print(\"ab\" + \"cd\", [1] + [2, 3], 0.1 + 0.2, 1e20, 1 / 0)") == ["abcd [1, 2, 3] 0.30000000000000004 1e+20 inf"])
    }

    @Test func shortCircuitSkipsTheRightSide() throws {
        // The right side would fail (calling a number) if it ran.
        #expect(try output(of: "let x = 1\nprint(false and x(), true or x())") == ["false true"])
    }

    @Test func variablesAssignmentAndScopes() throws {
        let source = """
        let x = 1
        x = x + 1
        {
          let x = 10
          print(x)
        }
        print(x)
        """
        #expect(try output(of: source) == ["10", "2"])
    }

    @Test func listsAndRecordsAreValues() throws {
        let source = """
        let a = [1, 2, 3]
        let b = a
        b[0] = 100
        let r = {pos: {x: 1, y: 2}, tags: ["p"]}
        let s = r
        s.pos.x = 5
        s.tags[0] = "q"
        print(a, b, a[-1], len(a))
        print(r, s.pos.x, r.pos.x)
        """
        #expect(try output(of: source) == ["[1, 2, 3] [100, 2, 3] 3 3", "{pos: {x: 1, y: 2}, tags: [\"p\"]} 5 1"])
    }

    @Test func functionsRecursionAndDefaults() throws {
        let source = """
        def fib(n) {
          if n < 2 { return n }
          return fib(n - 1) + fib(n - 2)
        }
        def greet(name, greeting = "hello") { return greeting + " " + name }
        def nothing() { }
        print(fib(20), greet("ada"), greet("bob", greeting: "hi"), greet(greeting: "yo", name: "cy"), nothing())
        """
        #expect(try output(of: source) == ["6765 hello ada hi bob yo cy nil"])
    }

    @Test func topLevelFunctionsMayCallEachOtherInAnyOrder() throws {
        let source = """
        def even(n) { if n == 0 { return true } return odd(n - 1) }
        def odd(n) { if n == 0 { return false } return even(n - 1) }
        print(even(10), odd(7))
        """
        #expect(try output(of: source) == ["true true"])
    }

    @Test func closuresCaptureVariablesNotValues() throws {
        let source = """
        def counter() {
          let n = 0
          return fn() {
            n = n + 1
            return n
          }
        }
        let c = counter()
        let d = counter()
        c()
        c()
        print(c(), d())
        let double = fn(x) => x * 2
        print(map(double, [1, 2, 3]), filter(fn(x) => x > 1, [1, 2, 3]))
        """
        #expect(try output(of: source) == ["3 1", "[2, 4, 6] [2, 3]"])
    }

    @Test func eachLoopIterationHasItsOwnVariablesForClosures() throws {
        let source = """
        let fs = []
        for i in 0..3 {
          let j = i * 10
          fs = append(fs, fn() => i + j)
        }
        print(map(fn(f) => f(), fs))
        let gs = []
        let k = 0
        while k < 3 {
          let m = k
          gs = append(gs, fn() => m)
          k = k + 1
        }
        print(map(fn(g) => g(), gs))
        """
        #expect(try output(of: source) == ["[0, 11, 22]", "[0, 1, 2]"])
    }

    @Test func loopsBreakAndContinue() throws {
        let source = """
        let total = 0
        for i in 0..10 {
          if i % 2 == 0 { continue }
          if i > 7 { break }
          total = total + i
        }
        let n = 0
        while true {
          n = n + 1
          if n == 5 { break }
        }
        let words = ""
        for w in ["a", "b", "c"] { words = words + w }
        for i in 5..2 { print("never") }
        print(total, n, words)
        """
        #expect(try output(of: source) == ["16 5 abc"])
    }

    @Test func returnFromInsideLoops() throws {
        let source = """
        def find(xs, target) {
          for i in 0..len(xs) {
            for x in xs { if false { return -2 } }
            if xs[i] == target { return i }
          }
          return -1
        }
        print(find([4, 5, 6], 6), find([4], 9))
        """
        #expect(try output(of: source) == ["2 -1"])
    }

    @Test func addressesAndTuples() throws {
        #expect(try output(of: "let i = 2\nprint((\"stroke\", i, \"delta\", 0), (\"a\",), (\"a\", (\"b\", 1)))")
                == ["(\"stroke\", 2, \"delta\", 0) a (\"a\", \"b\", 1)"])  // a one-element tuple is its element
    }

    @Test func builtinsFromTheStandardLibrary() throws {
        let source = """
        print(sqrt(16), abs(-3), floor(2.7), ceil(2.1), round(2.5), min(3, 1, 2), max([4, 9, 2]), exp(0), log(1))
        print(len("héllo"), range(3), range(2, 5), zeros(2), sum([1, 2, 3.5]), mean([1, 2, 3, 4]), str(12) + "!")
        print(join(["a", "b"], separator: "-"), sin(0), cos(0), pi > 3.14 and pi < 3.15, to_list(tensor([[1, 2], [3, 4]])))
        """
        #expect(try output(of: source) == [
            "4 3 2 3 3 1 9 1 0",
            "5 [0, 1, 2] [2, 3, 4] [0, 0] 6.5 2.5 12!",
            "a-b 0 1 true [[1, 2], [3, 4]]",
        ])
    }
}
