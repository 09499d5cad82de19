import { ConfigError, ShapeError } from '../../src/errors';
import { resolveInputShape } from '../../src/interop/inputShape';
import { Conv2D } from '../../src/layers/Conv2D';
import { Dropout } from '../../src/layers/Dropout';
import { Flatten } from '../../src/layers/Flatten';
import { GlobalAvgPool2D } from '../../src/layers/GlobalAvgPool2D';
import { Linear } from '../../src/layers/Linear';
import { MaxPool2D } from '../../src/layers/MaxPool2D';
import { ReLU } from '../../src/layers/ReLU';
import { Reshape } from '../../src/layers/Reshape';
import { Sequential } from '../../src/model/Sequential';

describe('resolveInputShape', () => {
  const where = 'exportTfjs';

  test('the option wins over metadata, which wins over the layers', () => {
    expect(resolveInputShape(new Sequential([new Linear(4, 2)]), undefined, where)).toEqual([4]);
    const model = new Sequential([new Flatten(), new Linear(4, 2)]);
    expect(() => resolveInputShape(model, undefined, where)).toThrow(ConfigError);
    model.metadata.inputShape = [2, 2];
    expect(resolveInputShape(model, undefined, where)).toEqual([2, 2]);
    expect(resolveInputShape(model, [1, 4], where)).toEqual([1, 4]);
    expect(() => resolveInputShape(model, [2, -1], where)).toThrow(/expected inputShape to be the shape of one sample.*got \[2,-1\]/);
    expect(() => resolveInputShape(model, [3], where)).toThrow(ShapeError);
    expect(() => resolveInputShape(model, [3], where)).toThrow(/exportTfjs: inputShape \[3\] does not fit the model: layers\[1\] \(Linear\)/);
  });

  test('elementwise layers before the first Linear; a Reshape gives its size', () => {
    expect(resolveInputShape(new Sequential([new Dropout(0.2), new ReLU(), new Linear(7, 2)]), undefined, where)).toEqual([7]);
    expect(resolveInputShape(new Sequential([new Reshape([1, 8, 8]), new Conv2D(1, 2, 3)]), undefined, where)).toEqual([64]);
  });

  test('a CNN whose Flatten → Linear head pins one square image size', () => {
    // 3×3 conv, 2×2 pool: side s → ((s − 2) / 2)² · 4 values; 4 · 3 · 3 = 36 only for s = 8 and 9 (floors)...
    const ambiguous = new Sequential([new Conv2D(1, 4, 3), new MaxPool2D(2), new Flatten(), new Linear(36, 2)]);
    expect(() => resolveInputShape(ambiguous, undefined, where)).toThrow(ConfigError);
    // ...while without pooling s − 2 = 6 ⇒ s = 8 alone.
    const pinned = new Sequential([new Conv2D(3, 4, 3), new ReLU(), new Flatten(), new Linear(4 * 6 * 6, 2)]);
    expect(resolveInputShape(pinned, undefined, where)).toEqual([3, 8, 8]);
    const global = new Sequential([new Conv2D(1, 4, 3), new GlobalAvgPool2D(), new Linear(4, 2)]);
    expect(() => resolveInputShape(global, undefined, where)).toThrow(/cannot tell the model's input shape.*pass \{ inputShape/);
  });
});
