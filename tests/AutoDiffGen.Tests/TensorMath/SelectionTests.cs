using System.Numerics.Tensors;

namespace AutoDiffGen.Tests.TensorMathOps
{
    using System.Numerics;
    using System.Runtime.Intrinsics;
    using AutoDiffGen.Kernels;
    using CsCheck;
    using static AutoDiffGen.Tests.TensorMathOps.TensorTestData;

    public class SelectionTests
    {
        public enum Op { Maximum, Minimum, GreaterThan, GreaterThanOrEqual, LessThan, LessThanOrEqual }

        // Every pair of these meets in the special-value tests: NaN, both infinities, both zeros, ties.
        private static readonly double[] Specials =
            [double.NaN, double.PositiveInfinity, double.NegativeInfinity, 0.0, -0.0, 1.0, -1.0, 2.5, double.Epsilon, -double.MaxValue];

        public static TheoryData<Op, int[], int[], int[]> BroadcastCases()
        {
            (int[] Left, int[] Right, int[] Result)[] shapes =
            [
                ([2, 3, 4], [3, 1], [2, 3, 4]),          // one value per row of each matrix
                ([2, 3, 4], [4], [2, 3, 4]),             // a row against every row
                ([2, 3, 4], [1], [2, 3, 4]),             // a one-element tensor
                ([2, 3, 4], [1, 3, 1], [2, 3, 4]),       // a middle axis only
                ([3, 1], [2, 3, 4], [2, 3, 4]),          // the operands swapped
                ([2, 3, 4], [2, 3, 4], [2, 3, 4]),       // equal shapes
                ([67], [67], [67]),                      // full registers of every width and a scalar tail
                ([3, 37], [37], [3, 37]),                // rows longer than a register
                ([5, 1, 4, 1], [3, 1, 1], [5, 3, 4, 1]), // both repeated, on alternating axes
                ([0, 3], [1, 3], [0, 3]),                // an empty result
            ];
            var data = new TheoryData<Op, int[], int[], int[]>();
            foreach (Op op in Enum.GetValues<Op>())
                foreach (var (left, right, result) in shapes) data.Add(op, left, right, result);
            return data;
        }

        [Theory, MemberData(nameof(BroadcastCases))]
        public void TensorOpsBroadcastAsTheScalarLoop(Op op, int[] leftShape, int[] rightShape, int[] resultShape)
        {
            CheckTensorOp<float>(op, leftShape, rightShape, resultShape);
            CheckTensorOp<double>(op, leftShape, rightShape, resultShape);
        }

        public static TheoryData<Op, int[], double> ScalarCases()
        {
            var data = new TheoryData<Op, int[], double>();
            foreach (Op op in Enum.GetValues<Op>())
            {
                data.Add(op, [67], 0.5);                  // a grid value: ties with about one element in nine
                data.Add(op, [3, 5, 7], -1.25);
                data.Add(op, [2, 1, 2, 1, 2, 1, 2, 1, 3], 0); // rank 9: a scalar needs no broadcasting limit
                data.Add(op, [11], double.PositiveInfinity);
                data.Add(op, [11], double.NaN);
            }
            return data;
        }

        [Theory, MemberData(nameof(ScalarCases))]
        public void ScalarOpsApplyToEveryElement(Op op, int[] shape, double scalar)
        {
            CheckScalarOp<float>(op, shape, scalar);
            CheckScalarOp<double>(op, shape, scalar);
        }

        [Fact]
        public void SpecialValuesMeetEveryOtherSpecialValue()
        {
            CheckSpecials<float>();
            CheckSpecials<double>();
        }

        [Fact]
        public void AnOperandAgainstItselfIsTiedEverywhere()
        {
            var x = Tensor.Create(Array.ConvertAll(Specials, v => (float)v), [Specials.Length]);
            AssertSameBits(Values(x), Values(x.Maximum(x)));
            AssertSameBits(Values(x), Values(x.Minimum(x)));
            // Ties hold for ≥ and ≤ and not for > and <, except NaN, which equals nothing.
            float[] tie = Array.ConvertAll(Specials, v => double.IsNaN(v) ? 0f : 1f);
            Assert.Equal(tie, Values(x.GreaterThanOrEqual(x)));
            Assert.Equal(tie, Values(x.LessThanOrEqual(x)));
            Assert.All(Values(x.GreaterThan(x)), v => Assert.Equal(0f, v));
            Assert.All(Values(x.LessThan(x)), v => Assert.Equal(0f, v));
        }

        [Fact]
        public void EveryElementIsTheSimdLaneValue()
        {
            // The generated fused loops compute through the same ISimd functions: an eager result equals the lane.
            CheckLanes<float>();
            CheckLanes<double>();
        }

        [Fact]
        public void AMaskIsAnOrdinaryTensorThatMultiplies()
        {
            var x = Random<float>(1, [4, 33]);
            // An int literal: T is fixed by the tensor, and 0 converts to it.
            Tensor<float> mask = x.GreaterThan(0);
            AssertExact(Doubles(x.Relu()), x * mask);
            Assert.All(Values(mask), v => Assert.True(v is 0f or 1f));
            Assert.Equal(Values(x.GreaterThan(0f)), Values(mask));

            var d = Random<double>(2, [5, 7]);
            Assert.Equal(Values(d.LessThanOrEqual(0.0)), Values(d.LessThanOrEqual(0)));
            AssertExact(Array.ConvertAll(Doubles(d), v => Math.Max(v, 0)), d.Maximum(0));
        }

        [Theory]
        [InlineData(new[] { 67 }, -0.5, 1.25)]
        [InlineData(new[] { 3, 4, 5 }, 0.0, 6.0)]
        [InlineData(new[] { 9 }, 1.0, 1.0)]   // min = max: every element is that value
        [InlineData(new[] { 19 }, 1.0, -1.0)] // min > max: every element becomes max, as torch.clamp
        public void ClampIsTheMinimumOfTheMaximum(int[] shape, double min, double max)
        {
            CheckClamp<float>(shape, min, max);
            CheckClamp<double>(shape, min, max);
        }

        [Fact]
        public void ClampKeepsNaNAndBoundsInfinities()
        {
            var x = Tensor.Create(Specials, [Specials.Length]);
            double[] expected = Array.ConvertAll(Specials, v => Math.Min(Math.Max(v, -1.5), 2.0));
            AssertSameBits(expected, Values(x.Clamp(-1.5, 2.0)));
            Assert.True(double.IsNaN(Values(x.Clamp(-1.5, 2.0))[0]));
            Assert.Equal(new double[] { double.NaN, 1, 1, 1, 1, 1, 1, 1, 1, 1 }, Values(x.Clamp(2, 1)));
            // An infinite bound is no bound.
            AssertSameBits(Values(x), Values(x.Clamp(double.NegativeInfinity, double.PositiveInfinity)));
        }

        public static TheoryData<int[], int[], int[], int[]> WhereCases() => new()
        {
            { [2, 1, 4, 1], [3, 1, 5], [1, 1, 5], [2, 3, 4, 5] }, // all three broadcast, to rank 4
            { [4], [2, 3, 4], [3, 1], [2, 3, 4] },                // the condition is the lowest rank
            { [2, 3, 4], [1], [3, 1], [2, 3, 4] },
            { [1, 3, 1], [2, 1, 4], [4], [2, 3, 4] },
            { [67], [67], [67], [67] },                          // equal shapes
            { [3, 37], [3, 37], [3, 37], [3, 37] },
            { [3, 37], [37], [3, 1], [3, 37] },                  // rows longer than a register
            { [5, 1, 1, 1], [1, 6, 1, 1], [1, 1, 7, 1], [5, 6, 7, 1] },
            { [1], [1, 1], [1], [1, 1] },                        // a single element
            { [0, 3], [1, 3], [3], [0, 3] },                     // an empty result
            { [2, 1, 2, 1, 2, 1, 2, 1], [1, 2, 1, 2, 1, 2, 1, 2], [2], [2, 2, 2, 2, 2, 2, 2, 2] }, // rank 8, the highest
        };

        [Theory, MemberData(nameof(WhereCases))]
        public void WhereBroadcastsAllThree(int[] conditionShape, int[] whenTrueShape, int[] whenFalseShape, int[] resultShape)
        {
            CheckWhere<float>(conditionShape, whenTrueShape, whenFalseShape, resultShape);
            CheckWhere<double>(conditionShape, whenTrueShape, whenFalseShape, resultShape);
        }

        [Fact]
        public void WhereTakesWhenTrueWhereTheConditionIsNotZero()
        {
            // -0 is 0; NaN, infinities and any other value are not.
            var condition = Tensor.Create(new[] { 0f, -0f, float.NaN, 1f, -1f, 0.5f, float.PositiveInfinity, float.NegativeInfinity, float.Epsilon }, [9]);
            var whenTrue = Tensor.Create(Enumerable.Range(1, 9).Select(i => (float)i).ToArray(), [9]);
            var whenFalse = Tensor.Create(Enumerable.Range(1, 9).Select(i => (float)-i).ToArray(), [9]);
            Assert.Equal(new[] { -1f, -2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f }, Values(TensorMath.Where(condition, whenTrue, whenFalse)));
            // The values are copied bit for bit: NaN, -0 and infinities in the operands come through.
            var specials = Tensor.Create(Specials, [Specials.Length]);
            AssertSameBits(Specials, Values(TensorMath.Where(Tensor.Create(new double[] { 1 }, [1]), specials, 0.0)));
            AssertSameBits(Specials, Values(TensorMath.Where(Tensor.Create(new double[] { 0 }, [1]), 0.0, specials)));
        }

        [Theory]
        [InlineData(new[] { 2, 3, 4 }, new[] { 3, 1 })]
        [InlineData(new[] { 3, 1 }, new[] { 2, 3, 4 })]
        [InlineData(new[] { 67 }, new[] { 67 })]
        [InlineData(new[] { 1 }, new[] { 4, 5 })]
        [InlineData(new[] { 2, 1, 2, 1, 2, 1, 2, 1, 2 }, new[] { 2, 1, 2, 1, 2, 1, 2, 1, 2 })] // rank 9, equal shapes
        public void WhereWithAScalarOnEitherSide(int[] conditionShape, int[] tensorShape)
        {
            CheckScalarWhere<float>(conditionShape, tensorShape, 7.5f);
            CheckScalarWhere<double>(conditionShape, tensorShape, double.NegativeInfinity);
        }

        [Fact]
        public void MaskedFillHidesTheFutureOfEveryHead()
        {
            const int B = 2, H = 3, T = 6;
            var scores = Random<float>(5, [B, H, T, T]);
            var causal = Tensor.Create(Enumerable.Range(0, T * T).Select(k => k % T > k / T ? 1f : 0f).ToArray(), [T, T]);

            var masked = scores.MaskedFill(causal, float.NegativeInfinity);
            Assert.Equal(new[] { B, H, T, T }, Shape(masked));
            float[] input = Values(scores), output = Values(masked);
            for (int k = 0; k < output.Length; k++)
            {
                int i = k / T % T, j = k % T;
                Assert.Equal(j > i ? float.NegativeInfinity : input[k], output[k]);
            }

            // The masked softmax is the causal one: the future's weights are exactly 0.
            var expected = scores.Softmax(-1, causal: true);
            AssertWithin(Doubles(expected), masked.Softmax(-1), i => 1e-6);
        }

        public static TheoryData<int[], int[]> MaskedFillCases() => new()
        {
            { [2, 3, 4, 4], [4, 4] },
            { [2, 3, 4, 4], [1, 1, 4, 4] },
            { [2, 3, 4, 4], [2, 1, 1, 4] }, // a padding mask per batch row, over the keys
            { [2, 3, 4, 4], [1] },
            { [5, 7], [5, 7] },
            { [5, 7], [5, 1] },
            { [67], [67] },
        };

        [Theory, MemberData(nameof(MaskedFillCases))]
        public void MaskedFillIsWhereTheMaskIsNotZero(int[] shape, int[] maskShape)
        {
            CheckMaskedFill<float>(shape, maskShape, -1e9f);
            CheckMaskedFill<double>(shape, maskShape, double.NaN);
        }

        public enum View { Transposed, Strided }

        public static TheoryData<View> Views() => [View.Transposed, View.Strided];

        [Theory, MemberData(nameof(Views))]
        public void NonDenseInputsAreReadAsTheirDenseCopies(View view)
        {
            var a = Grid<float>(1, [6, 5]);
            var b = Grid<float>(2, [6, 5]);
            var column = Grid<float>(3, [6, 1]);
            var condition = Grid<float>(4, [6, 5]);
            Tensor<float> aView = ViewOf(view, a), bView = ViewOf(view, b), conditionView = ViewOf(view, condition);
            Tensor<float> columnView = view == View.Strided ? Strided(column) : column;
            Assert.False(aView.IsDense);
            Assert.False(conditionView.IsDense);
            Assert.Equal(Values(a), Values(aView));

            Assert.Equal(Values(a.Maximum(b)), Values(aView.Maximum(bView)));
            Assert.Equal(Values(a.Minimum(column)), Values(aView.Minimum(columnView)));
            Assert.Equal(Values(a.GreaterThan(b)), Values(aView.GreaterThan(bView)));
            Assert.Equal(Values(a.GreaterThanOrEqual(0.5f)), Values(aView.GreaterThanOrEqual(0.5f)));
            Assert.Equal(Values(a.LessThan(column)), Values(aView.LessThan(columnView)));
            Assert.Equal(Values(a.LessThanOrEqual(b)), Values(aView.LessThanOrEqual(bView)));
            Assert.Equal(Values(a.Clamp(-1, 1)), Values(aView.Clamp(-1, 1)));
            Assert.Equal(Values(TensorMath.Where(condition, a, b)), Values(TensorMath.Where(conditionView, aView, bView)));
            Assert.Equal(Values(TensorMath.Where(condition, column, b)), Values(TensorMath.Where(conditionView, columnView, bView)));
            Assert.Equal(Values(TensorMath.Where(condition, 2f, b)), Values(TensorMath.Where(conditionView, 2f, bView)));
            Assert.Equal(Values(TensorMath.Where(column, a, -2f)), Values(TensorMath.Where(columnView, aView, -2f)));
            Assert.Equal(Values(a.MaskedFill(condition, 9f)), Values(aView.MaskedFill(conditionView, 9f)));
            Assert.Equal(Values(a.MaskedFill(column, 9f)), Values(aView.MaskedFill(columnView, 9f)));
        }

        [Fact]
        public void TheInputsAreLeftUnchanged()
        {
            var x = Grid<float>(1, [4, 5]);
            var mask = Grid<float>(2, [5]);
            float[] original = Values(x), originalMask = Values(mask);
            var results = new[] { x.Maximum(mask), x.GreaterThan(mask), x.Clamp(0, 1), TensorMath.Where(mask, x, x), x.MaskedFill(mask, 0) };
            Assert.All(results, result => Assert.NotSame(x, result));
            Assert.Equal(original, Values(x));
            Assert.Equal(originalMask, Values(mask));
        }

        [Fact]
        public void EqualShapesAllocateOnlyTheResult()
        {
            const int count = 64 * 64;
            var condition = Grid<float>(1, [64, 64]);
            var a = Random<float>(2, [64, 64]);
            var b = Random<float>(3, [64, 64]);
            long Allocated(Func<Tensor<float>> op)
            {
                op(); // JIT and first-call allocations out of the way
                long before = GC.GetAllocatedBytesForCurrentThread();
                op();
                return GC.GetAllocatedBytesForCurrentThread() - before;
            }

            // The result's data, and its Tensor with lengths and strides: far less than a second copy of the data.
            long limit = count * sizeof(float) + 1024;
            foreach (var (name, op) in new (string, Func<Tensor<float>>)[]
            {
                ("Where", () => TensorMath.Where(condition, a, b)),
                ("Where scalar", () => TensorMath.Where(condition, 1f, b)),
                ("MaskedFill", () => a.MaskedFill(condition, -1f)),
                ("Maximum", () => a.Maximum(b)),
                ("GreaterThan", () => a.GreaterThan(b)),
                ("Clamp", () => a.Clamp(-1, 1)),
            })
            {
                long bytes = Allocated(op);
                Assert.True(bytes <= limit, $"{name} allocated {bytes} bytes, more than {limit}");
            }
        }

        [Theory]
        [InlineData(new[] { 2, 3 }, new[] { 4 }, "Cannot broadcast [2, 3] with [4]")]
        [InlineData(new[] { 2, 3 }, new[] { 3, 2 }, "Cannot broadcast [2, 3] with [3, 2]")]
        [InlineData(new[] { 5, 1, 4 }, new[] { 3, 5 }, "Cannot broadcast [5, 1, 4] with [3, 5]")]
        public void IncompatibleShapesThrowNamingBothShapes(int[] leftShape, int[] rightShape, string message)
        {
            var left = Random<float>(1, leftShape);
            var right = Random<float>(2, rightShape);
            foreach (Op op in Enum.GetValues<Op>())
                Assert.StartsWith(message, Assert.Throws<ArgumentException>(() => Apply(op, left, right)).Message);
            Assert.StartsWith(message, Assert.Throws<ArgumentException>(() => Random<double>(1, leftShape).Maximum(Random<double>(2, rightShape))).Message);
        }

        [Theory]
        [InlineData(new[] { 2, 3 }, new[] { 4 }, new[] { 2, 3 }, "Cannot broadcast condition [2, 3], whenTrue [4] and whenFalse [2, 3] together.")]
        [InlineData(new[] { 2, 3 }, new[] { 2, 1 }, new[] { 3, 3 }, "Cannot broadcast condition [2, 3], whenTrue [2, 1] and whenFalse [3, 3] together.")]
        [InlineData(new[] { 4, 1 }, new[] { 1, 5 }, new[] { 3, 5 }, "Cannot broadcast condition [4, 1], whenTrue [1, 5] and whenFalse [3, 5] together.")]
        public void WhereThrowsNamingAllThreeShapes(int[] conditionShape, int[] whenTrueShape, int[] whenFalseShape, string message)
        {
            var condition = Random<float>(1, conditionShape);
            var whenTrue = Random<float>(2, whenTrueShape);
            var whenFalse = Random<float>(3, whenFalseShape);
            Assert.Equal(message, Assert.Throws<ArgumentException>(() => TensorMath.Where(condition, whenTrue, whenFalse)).Message);
        }

        [Fact]
        public void WhereWithAScalarThrowsNamingItsShapeAsASingleValue()
        {
            var condition = Random<double>(1, [2, 3]);
            var other = Random<double>(2, [4]);
            Assert.Equal("Cannot broadcast condition [2, 3], whenTrue [] and whenFalse [4] together.",
                Assert.Throws<ArgumentException>(() => TensorMath.Where(condition, 1.0, other)).Message);
            Assert.Equal("Cannot broadcast condition [2, 3], whenTrue [4] and whenFalse [] together.",
                Assert.Throws<ArgumentException>(() => TensorMath.Where(condition, other, 1.0)).Message);
        }

        [Fact]
        public void WhereAboveRankEightThrows()
        {
            var condition = Random<float>(1, [2, 1, 1, 1, 1, 1, 1, 1, 3]);
            var other = Random<float>(2, [3]);
            var exception = Assert.Throws<ArgumentException>(() => TensorMath.Where(condition, other, other));
            Assert.Contains("rank up to 8", exception.Message);
            Assert.Contains("condition [2, 1, 1, 1, 1, 1, 1, 1, 3]", exception.Message);
        }

        [Theory]
        [InlineData(new[] { 2, 3 }, new[] { 3, 3 })]
        [InlineData(new[] { 2, 3 }, new[] { 2 })]
        [InlineData(new[] { 1, 3 }, new[] { 2, 3 })]    // the mask would broadcast x: the result must keep x's shape
        [InlineData(new[] { 3 }, new[] { 2, 1, 3 })]    // a mask of higher rank than x
        public void MaskedFillThrowsWhenTheMaskDoesNotBroadcastToX(int[] shape, int[] maskShape)
        {
            var x = Random<float>(1, shape);
            var mask = Grid<float>(2, maskShape);
            var exception = Assert.Throws<ArgumentException>(() => x.MaskedFill(mask, 0));
            Assert.Equal("mask", exception.ParamName);
            Assert.StartsWith($"MaskedFill needs a mask that broadcasts to x's shape, but x is {Format(shape)} and mask is {Format(maskShape)}.", exception.Message);
        }

        [Fact]
        public void NullArgumentsThrow()
        {
            var t = Random<float>(1, [2]);
            Tensor<float> none = null!;
            foreach (Op op in Enum.GetValues<Op>())
            {
                Assert.Equal("x", Assert.Throws<ArgumentNullException>(() => Apply(op, none, t)).ParamName);
                Assert.Equal("y", Assert.Throws<ArgumentNullException>(() => Apply(op, t, none)).ParamName);
                Assert.Equal("x", Assert.Throws<ArgumentNullException>(() => Apply(op, none, 1f)).ParamName);
            }
            Assert.Equal("x", Assert.Throws<ArgumentNullException>(() => none.Clamp(0, 1)).ParamName);
            Assert.Equal("condition", Assert.Throws<ArgumentNullException>(() => TensorMath.Where(none, t, t)).ParamName);
            Assert.Equal("whenTrue", Assert.Throws<ArgumentNullException>(() => TensorMath.Where(t, none, t)).ParamName);
            Assert.Equal("whenFalse", Assert.Throws<ArgumentNullException>(() => TensorMath.Where(t, t, none)).ParamName);
            Assert.Equal("condition", Assert.Throws<ArgumentNullException>(() => TensorMath.Where(none, 1f, t)).ParamName);
            Assert.Equal("whenFalse", Assert.Throws<ArgumentNullException>(() => TensorMath.Where(t, 1f, none)).ParamName);
            Assert.Equal("condition", Assert.Throws<ArgumentNullException>(() => TensorMath.Where(none, t, 1f)).ParamName);
            Assert.Equal("whenTrue", Assert.Throws<ArgumentNullException>(() => TensorMath.Where(t, none, 1f)).ParamName);
            Assert.Equal("x", Assert.Throws<ArgumentNullException>(() => none.MaskedFill(t, 0)).ParamName);
            Assert.Equal("mask", Assert.Throws<ArgumentNullException>(() => t.MaskedFill(none, 0)).ParamName);
        }

        [Fact]
        public void OnlyFloatAndDoubleAreSupported()
        {
            var half = Tensor.Create(new[] { (Half)1, (Half)2 }, [2]);
            Assert.Contains("Tensor<Half>", Assert.Throws<NotSupportedException>(() => half.Maximum(half)).Message);
            Assert.Throws<NotSupportedException>(() => half.GreaterThan((Half)0));
            Assert.Throws<NotSupportedException>(() => half.Clamp((Half)0, (Half)1));
            Assert.Throws<NotSupportedException>(() => TensorMath.Where(half, half, half));
            Assert.Throws<NotSupportedException>(() => half.MaskedFill(half, (Half)0));
        }

        // Shapes that broadcast to a common one: a result shape, and for each operand some of its leading axes
        // dropped and some of the rest set to 1.
        private static readonly Gen<int[]> ResultShapes = Gen.Int[1, 4].Array[1, 5];

        private static Gen<int[]> OperandShapes(int[] result)
            => Gen.Int[0, result.Length - 1].SelectMany(drop => Gen.Bool.Array[result.Length - drop]
                .Select(ones => result.Skip(drop).Select((length, axis) => ones[axis] ? 1 : length).ToArray()));

        private static readonly Gen<(int[] Condition, int[] WhenTrue, int[] WhenFalse, int Seed)> WhereShapes =
            ResultShapes.SelectMany(result => Gen.Select(OperandShapes(result), OperandShapes(result), OperandShapes(result), Gen.Int[0, 1000],
                (condition, whenTrue, whenFalse, seed) => (condition, whenTrue, whenFalse, seed)));

        [Fact]
        public void WhereAgreesWithTheScalarLoopOverRandomBroadcastingShapes()
        {
            WhereShapes.Sample(shapes =>
            {
                var condition = Grid<double>(shapes.Seed, shapes.Condition);
                var whenTrue = Random<double>(shapes.Seed + 1, shapes.WhenTrue);
                var whenFalse = Random<double>(shapes.Seed + 2, shapes.WhenFalse);
                var (shape, expected) = Broadcast3(Doubles(condition), shapes.Condition, Doubles(whenTrue), shapes.WhenTrue,
                    Doubles(whenFalse), shapes.WhenFalse, (c, t, f) => c != 0 ? t : f);
                var result = TensorMath.Where(condition, whenTrue, whenFalse);
                Assert.Equal(shape, Shape(result));
                AssertExact(expected, result);
            }, iter: 300, threads: 1,
            print: shapes => $"condition {Format(shapes.Condition)}, whenTrue {Format(shapes.WhenTrue)}, whenFalse {Format(shapes.WhenFalse)}, seed {shapes.Seed}");
        }

        [Fact]
        public void ComparisonsAgreeWithTheScalarLoopOverRandomBroadcastingShapes()
        {
            ResultShapes.SelectMany(result => Gen.Select(OperandShapes(result), OperandShapes(result), Gen.Int[0, 1000], Gen.Enum<Op>(),
                (left, right, seed, op) => (left, right, seed, op))).Sample(c =>
            {
                var left = Grid<float>(c.seed, c.left);
                var right = Grid<float>(c.seed + 1, c.right);
                var (shape, expected) = Broadcast(Doubles(left), c.left, Doubles(right), c.right, (a, b) => Reference(c.op, a, b));
                var result = Apply(c.op, left, right);
                Assert.Equal(shape, Shape(result));
                AssertExact(expected, result);
            }, iter: 300, threads: 1, print: c => $"{c.op} {Format(c.left)} with {Format(c.right)}, seed {c.seed}");
        }

        private static void CheckTensorOp<T>(Op op, int[] leftShape, int[] rightShape, int[] resultShape)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            var left = Grid<T>(11, leftShape);
            var right = Grid<T>(12, rightShape);
            var (shape, expected) = Broadcast(Doubles(left), leftShape, Doubles(right), rightShape, (a, b) => Reference(op, a, b));
            Assert.Equal(resultShape, shape);
            var result = Apply(op, left, right);
            Assert.Equal(resultShape, Shape(result));
            AssertExact(expected, result);
        }

        private static void CheckScalarOp<T>(Op op, int[] shape, double scalar) where T : unmanaged, IFloatingPointIeee754<T>
        {
            var x = Grid<T>(21, shape);
            var result = Apply(op, x, T.CreateTruncating(scalar));
            Assert.Equal(shape, Shape(result));
            AssertSameBits(Array.ConvertAll(Doubles(x), v => Reference(op, v, double.CreateTruncating(T.CreateTruncating(scalar)))), Doubles(result));
        }

        // Every special value against every other, on both sides, in one [n, n] broadcast and elementwise.
        private static void CheckSpecials<T>() where T : unmanaged, IFloatingPointIeee754<T>
        {
            int n = Specials.Length;
            T[] values = Array.ConvertAll(Specials, T.CreateTruncating);
            var column = Tensor.Create(values, [n, 1]);
            var row = Tensor.Create(values, [n]);
            var left = Tensor.Create(Enumerable.Range(0, n * n).Select(k => values[k / n]).ToArray(), [n * n]);
            var right = Tensor.Create(Enumerable.Range(0, n * n).Select(k => values[k % n]).ToArray(), [n * n]);
            foreach (Op op in Enum.GetValues<Op>())
            {
                double[] expected = Enumerable.Range(0, n * n).Select(k => Reference(op, double.CreateTruncating(values[k / n]), double.CreateTruncating(values[k % n]))).ToArray();
                AssertSameBits(expected, Doubles(Apply(op, column, row)), $"{op} broadcast");
                AssertSameBits(expected, Doubles(Apply(op, left, right)), $"{op} elementwise");
                for (int i = 0; i < n; i++)
                    AssertSameBits(expected.AsSpan(i * n, n).ToArray(), Doubles(Apply(op, values[i], row)), $"{op} with {values[i]} on the left");
            }
        }

        // Apply with the scalar on the left, through the tensor overload and a one-element tensor.
        private static Tensor<T> Apply<T>(Op op, T left, Tensor<T> right) where T : unmanaged, IFloatingPointIeee754<T>
            => Apply(op, Tensor.Create(new[] { left }, [1]), right);

        private static void CheckLanes<T>() where T : unmanaged, IFloatingPointIeee754<T>
        {
            var x = Grid<T>(7, [101]);
            var y = Random<T>(8, [101]);
            T[] xs = Values(x), ys = Values(y);
            T lower = T.CreateTruncating(-0.75), upper = T.CreateTruncating(1.25);
            foreach (Op op in Enum.GetValues<Op>())
            {
                T[] results = Values(Apply(op, x, y));
                for (int i = 0; i < xs.Length; i++)
                {
                    T lane = Lane<SimdScalar<T>, T>(op, SimdScalar<T>.Splat(xs[i]), SimdScalar<T>.Splat(ys[i])).Value.ToScalar();
                    Assert.True(lane.Equals(results[i]), $"{op}({xs[i]}, {ys[i]}): eager {results[i]}, lane {lane}");
                }
            }
            T[] clamped = Values(y.Clamp(lower, upper));
            T[] selected = Values(TensorMath.Where(x, y, x));
            for (int i = 0; i < xs.Length; i++)
            {
                var lane = ClampLane<SimdScalar<T>, T>(SimdScalar<T>.Splat(ys[i]), SimdScalar<T>.Splat(lower), SimdScalar<T>.Splat(upper));
                Assert.Equal(lane.Value.ToScalar(), clamped[i]);
                var where = WhereLane<SimdScalar<T>, T>(SimdScalar<T>.Splat(xs[i]), SimdScalar<T>.Splat(ys[i]), SimdScalar<T>.Splat(xs[i]));
                Assert.Equal(where.Value.ToScalar(), selected[i]);
            }
        }

        private static void CheckClamp<T>(int[] shape, double min, double max) where T : unmanaged, IFloatingPointIeee754<T>
        {
            var x = Random<T>(31, shape);
            var result = x.Clamp(T.CreateTruncating(min), T.CreateTruncating(max));
            Assert.Equal(shape, Shape(result));
            AssertExact(Array.ConvertAll(Doubles(x), v => Math.Min(Math.Max(v, min), max)), result);
        }

        private static void CheckWhere<T>(int[] conditionShape, int[] whenTrueShape, int[] whenFalseShape, int[] resultShape)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            var condition = Grid<T>(41, conditionShape);
            var whenTrue = Random<T>(42, whenTrueShape);
            var whenFalse = Random<T>(43, whenFalseShape);
            var (shape, expected) = Broadcast3(Doubles(condition), conditionShape, Doubles(whenTrue), whenTrueShape, Doubles(whenFalse), whenFalseShape,
                (c, t, f) => c != 0 ? t : f);
            Assert.Equal(resultShape, shape);
            var result = TensorMath.Where(condition, whenTrue, whenFalse);
            Assert.Equal(resultShape, Shape(result));
            AssertExact(expected, result);
        }

        private static void CheckScalarWhere<T>(int[] conditionShape, int[] tensorShape, T scalar) where T : unmanaged, IFloatingPointIeee754<T>
        {
            var condition = Grid<T>(51, conditionShape);
            var tensor = Random<T>(52, tensorShape);
            double s = double.CreateTruncating(scalar);
            double[] one = [s];

            var (shape, expected) = Broadcast3(Doubles(condition), conditionShape, one, [1], Doubles(tensor), tensorShape, (c, t, f) => c != 0 ? t : f);
            var result = TensorMath.Where(condition, scalar, tensor);
            Assert.Equal(shape, Shape(result));
            AssertSameBits(expected, Doubles(result));

            (shape, expected) = Broadcast3(Doubles(condition), conditionShape, Doubles(tensor), tensorShape, one, [1], (c, t, f) => c != 0 ? t : f);
            result = TensorMath.Where(condition, tensor, scalar);
            Assert.Equal(shape, Shape(result));
            AssertSameBits(expected, Doubles(result));
        }

        private static void CheckMaskedFill<T>(int[] shape, int[] maskShape, T value) where T : unmanaged, IFloatingPointIeee754<T>
        {
            var x = Random<T>(61, shape);
            var mask = Grid<T>(62, maskShape);
            var (resultShape, expected) = Broadcast(Doubles(x), shape, Doubles(mask), maskShape, (v, m) => m != 0 ? double.CreateTruncating(value) : v);
            Assert.Equal(shape, resultShape);
            var result = x.MaskedFill(mask, value);
            Assert.Equal(shape, Shape(result));
            AssertSameBits(expected, Doubles(result));
            Assert.Equal(Values(TensorMath.Where(mask, value, x)), Values(result));
        }

        /// <summary>
        /// A dense tensor of <paramref name="shape"/> with values on the grid −2, −1.5, …, 2: equal values meet often,
        /// and one element in nine is 0.
        /// </summary>
        private static Tensor<T> Grid<T>(int seed, int[] shape) where T : unmanaged, IFloatingPointIeee754<T>
        {
            var random = new Random(seed);
            var data = new T[Count(shape)];
            for (int i = 0; i < data.Length; i++) data[i] = T.CreateTruncating((random.Next(9) - 4) * 0.5);
            return Tensor.Create(data, Lengths(shape));
        }

        // A non-dense tensor with dense's values: a transposed view of its transpose, or strided with gaps.
        private static Tensor<T> ViewOf<T>(View view, Tensor<T> dense)
        {
            if (view == View.Strided) return Strided(dense);
            int rows = (int)dense.Lengths[0], columns = (int)dense.Lengths[1];
            T[] values = Values(dense), transposed = new T[values.Length];
            for (int i = 0; i < rows; i++)
                for (int j = 0; j < columns; j++) transposed[j * rows + i] = values[i * columns + j];
            return Tensor.Create(transposed, [columns, rows]).PermuteDimensions([1, 0]);
        }

        /// <summary><c>f(a, b, c)</c> with NumPy broadcasting, computed index by index: the result's shape and row-major values.</summary>
        private static (int[] Shape, double[] Values) Broadcast3(double[] a, int[] aShape, double[] b, int[] bShape, double[] c, int[] cShape,
            Func<double, double, double, double> f)
        {
            int rank = Math.Max(aShape.Length, Math.Max(bShape.Length, cShape.Length));
            int[] aAligned = Align(aShape, rank), bAligned = Align(bShape, rank), cAligned = Align(cShape, rank);
            var shape = new int[rank];
            for (int axis = 0; axis < rank; axis++)
                shape[axis] = new[] { aAligned[axis], bAligned[axis], cAligned[axis] }.FirstOrDefault(length => length != 1, 1);

            var values = new double[Count(shape)];
            var index = new int[rank];
            for (int flat = 0; flat < values.Length; flat++)
            {
                int remainder = flat;
                for (int axis = rank - 1; axis >= 0; axis--)
                {
                    index[axis] = remainder % shape[axis];
                    remainder /= shape[axis];
                }
                values[flat] = f(a[Offset(index, aAligned)], b[Offset(index, bAligned)], c[Offset(index, cAligned)]);
            }
            return (shape, values);
        }

        private static int[] Align(int[] shape, int rank) => [.. Enumerable.Repeat(1, rank - shape.Length), .. shape];

        private static int Offset(int[] index, int[] shape)
        {
            int offset = 0;
            for (int axis = 0; axis < shape.Length; axis++) offset = offset * shape[axis] + (shape[axis] == 1 ? 0 : index[axis]);
            return offset;
        }

        private static string Format(int[] shape) => "[" + string.Join(", ", shape) + "]";

        // Bit for bit, so that -0 is not +0; any NaN matches any NaN.
        private static void AssertSameBits(double[] expected, double[] actual, string? context = null)
        {
            Assert.Equal(expected.Length, actual.Length);
            for (int i = 0; i < expected.Length; i++)
            {
                bool same = double.IsNaN(expected[i]) ? double.IsNaN(actual[i]) : BitConverter.DoubleToInt64Bits(expected[i]) == BitConverter.DoubleToInt64Bits(actual[i]);
                Assert.True(same, $"{context} element {i}: expected {expected[i]:R}, got {actual[i]:R}");
            }
        }

        private static void AssertSameBits(float[] expected, float[] actual)
            => AssertSameBits(Array.ConvertAll(expected, v => (double)v), Array.ConvertAll(actual, v => (double)v));

        // The scalar reference: IEEE maximum and minimum (NaN propagating, +0 over −0), comparisons false for NaN.
        private static double Reference(Op op, double a, double b) => op switch
        {
            Op.Maximum => Math.Max(a, b),
            Op.Minimum => Math.Min(a, b),
            Op.GreaterThan => a > b ? 1 : 0,
            Op.GreaterThanOrEqual => a >= b ? 1 : 0,
            Op.LessThan => a < b ? 1 : 0,
            _ => a <= b ? 1 : 0,
        };

        private static Tensor<T> Apply<T>(Op op, Tensor<T> x, Tensor<T> y) where T : unmanaged, IFloatingPointIeee754<T> => op switch
        {
            Op.Maximum => x.Maximum(y),
            Op.Minimum => x.Minimum(y),
            Op.GreaterThan => x.GreaterThan(y),
            Op.GreaterThanOrEqual => x.GreaterThanOrEqual(y),
            Op.LessThan => x.LessThan(y),
            _ => x.LessThanOrEqual(y),
        };

        private static Tensor<T> Apply<T>(Op op, Tensor<T> x, T y) where T : unmanaged, IFloatingPointIeee754<T> => op switch
        {
            Op.Maximum => x.Maximum(y),
            Op.Minimum => x.Minimum(y),
            Op.GreaterThan => x.GreaterThan(y),
            Op.GreaterThanOrEqual => x.GreaterThanOrEqual(y),
            Op.LessThan => x.LessThan(y),
            _ => x.LessThanOrEqual(y),
        };

        private static TSimd Lane<TSimd, T>(Op op, TSimd x, TSimd y)
            where TSimd : struct, ISimd<TSimd, T>
            where T : unmanaged, IFloatingPointIeee754<T>
            => op switch
            {
                Op.Maximum => TSimd.Max(x, y),
                Op.Minimum => TSimd.Min(x, y),
                Op.GreaterThan => TSimd.IsGreater(x, y),
                Op.GreaterThanOrEqual => TSimd.IsGreaterOrEqual(x, y),
                Op.LessThan => TSimd.IsLess(x, y),
                _ => TSimd.IsLessOrEqual(x, y),
            };

        // The selections' default implementations are reached through a type parameter, as the kernels reach them.
        private static TSimd ClampLane<TSimd, T>(TSimd x, TSimd lower, TSimd upper)
            where TSimd : struct, ISimd<TSimd, T>
            where T : unmanaged, IFloatingPointIeee754<T>
            => TSimd.Clamp(x, lower, upper);

        private static TSimd WhereLane<TSimd, T>(TSimd condition, TSimd whenTrue, TSimd whenFalse)
            where TSimd : struct, ISimd<TSimd, T>
            where T : unmanaged, IFloatingPointIeee754<T>
            => TSimd.Where(condition, whenTrue, whenFalse);
    }
}

// Outside the AutoDiffGen namespace, as user code sees these names: through 'using AutoDiffGen;' side by side with
// System.Numerics.Tensors, whose static Tensor class has comparisons, Max and Min of its own.
namespace AutoDiffGenUsage.Tests
{
    using System.Linq.Expressions;
    using AutoDiffGen;

    public class UserCodeSelectionTests
    {
        [Fact]
        public void ComparisonsWithAnIntLiteralBindToTensorMath()
        {
            Expression<Func<Tensor<float>, Tensor<float>>> greater = t => t.GreaterThan(0);
            Expression<Func<Tensor<float>, Tensor<float>>> lessOrEqual = t => t.LessThanOrEqual(1);
            Expression<Func<Tensor<double>, Tensor<double>>> maximum = t => t.Maximum(0);
            Expression<Func<Tensor<float>, Tensor<float>>> clamp = t => t.Clamp(0, 6);
            Expression<Func<Tensor<float>, Tensor<float>>> fill = t => t.MaskedFill(t, 0);
            Expression<Func<Tensor<float>, Tensor<float>>> where = t => TensorMath.Where(t, 0, t);
            foreach (LambdaExpression lambda in new LambdaExpression[] { greater, lessOrEqual, maximum, clamp, fill, where })
                Assert.Equal(typeof(TensorMath), ((MethodCallExpression)lambda.Body).Method.DeclaringType);

            var x = Tensor.Create(new float[] { -1, 0, 2 }, [3]);
            Tensor<float> mask = x.GreaterThan(0);
            Assert.Equal(new float[] { 0, 0, 1 }, mask.ToArray());
        }

        [Fact]
        public void TheInBoxComparisonsStayReachableByTheirClass()
        {
            // System.Numerics.Tensors' own comparisons are static methods of Tensor taking ReadOnlyTensorSpan, not
            // extension methods: they are called through the class and give a Tensor<bool>.
            var x = Tensor.Create(new float[] { -1, 0, 2 }, [3]);
            Tensor<bool> inBox = Tensor.GreaterThan<float>(x, 0f);
            Assert.Equal(new[] { false, false, true }, inBox.ToArray());
            Assert.Equal(new float[] { 0, 0, 1 }, x.GreaterThan(0f).ToArray());
        }
    }
}
