import { ConfigError } from '../errors';
import { didYouMean } from './suggest';

/**
 * User blocks added by an explicit call (registerLoss, registerOptimizer), never by importing a
 * file: the builders consult the built-in record first, then this map. Registering a built-in name
 * is refused; registering a user type again replaces its factory.
 */
export class FactoryMap<Config, Value> {
  private readonly factories = new Map<string, (config: Config) => Value>();

  /**
   * @param what      the kind of block, for messages ("loss")
   * @param builtIns  the built-in type names (the keys of the builders' record)
   * @param register  the function that adds one ("registerLoss")
   */
  constructor(
    private readonly what: string,
    private readonly builtIns: readonly string[],
    private readonly register: string,
  ) {}

  add(type: string, factory: (config: Config) => Value): void {
    if (typeof type !== 'string' || type === '') {
      throw new ConfigError(`${this.register}: expected a type name, got ${JSON.stringify(type)}`, {
        details: { key: 'type', expected: 'a non-empty string', got: type },
      });
    }
    if (this.builtIns.includes(type)) {
      throw new ConfigError(
        `${this.register}: expected a new ${this.what} type, got the built-in ${JSON.stringify(type)}; choose another name`,
        { details: { key: 'type', expected: `a name other than the built-in ${this.what}s`, got: type } },
      );
    }
    if (typeof factory !== 'function') {
      throw new ConfigError(`${this.register}(${JSON.stringify(type)}): expected a factory (config) => ${this.what}, got ${typeof factory}`, {
        details: { key: 'factory', expected: 'a function', got: typeof factory },
      });
    }
    this.factories.set(type, factory);
  }

  get(type: string): ((config: Config) => Value) | undefined {
    return this.factories.get(type);
  }

  /** Built-in names, then registered ones: for validation and "did you mean". */
  types(): string[] {
    return [...this.builtIns, ...this.factories.keys()];
  }

  /** The error for a type that is neither built in nor registered, addressed to `path`. */
  unknown(type: unknown, path = 'type'): ConfigError {
    const known = this.types();
    const hint = typeof type === 'string' ? didYouMean(type, known) : '';
    return new ConfigError(
      `${path}: unknown ${this.what} ${JSON.stringify(type)}${hint || `; expected one of ${known.join(', ')}`}` +
        ` (a ${this.what} of your own must be added with ${this.register}(type, factory) first)`,
      { path, details: { key: 'type', expected: `one of ${known.join(', ')}`, got: type } },
    );
  }
}
