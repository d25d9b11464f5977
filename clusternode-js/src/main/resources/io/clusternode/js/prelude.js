// Runs once in every new sandbox context, before any user code. It defines the small DateTime subset
// behind $now/$today, locks the built-ins so that one evaluation cannot change what the next one sees
// (contexts are pooled and reused), and returns the helpers the Java side calls.
(function (global) {
    'use strict';

    const parse = JSON.parse;
    const stringify = JSON.stringify;
    const apply = Reflect.apply;
    const ownKeys = Reflect.ownKeys;
    const objectKeys = Object.keys;
    const defineProperty = Object.defineProperty;
    const getOwnPropertyDescriptor = Object.getOwnPropertyDescriptor;
    const getPrototypeOf = Object.getPrototypeOf;
    const freeze = Object.freeze;
    const isArray = Array.isArray;
    const MathFloor = Math.floor;
    const MathAbs = Math.abs;
    const MathMin = Math.min;
    const JsDate = Date;
    const dateNow = Date.now;

    // ---- DateTime: the part of Luxon's API that workflow expressions use -------------------------------

    const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September',
        'October', 'November', 'December'];
    const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
    const UNIT_MS = {milliseconds: 1, seconds: 1000, minutes: 60000, hours: 3600000};
    const UNIT_NAMES = {
        year: 'years', years: 'years', quarter: 'quarters', quarters: 'quarters', month: 'months',
        months: 'months', week: 'weeks', weeks: 'weeks', day: 'days', days: 'days', hour: 'hours',
        hours: 'hours', minute: 'minutes', minutes: 'minutes', second: 'seconds', seconds: 'seconds',
        millisecond: 'milliseconds', milliseconds: 'milliseconds'
    };

    function pad(value, width) {
        let text = String(MathAbs(value));
        while (text.length < width) {
            text = '0' + text;
        }
        return value < 0 ? '-' + text : text;
    }

    function daysInMonth(year, monthIndex) {
        return new JsDate(year, monthIndex + 1, 0).getDate();
    }

    function unitOf(name) {
        const unit = UNIT_NAMES[name];
        if (unit === undefined) {
            throw new RangeError('Invalid unit ' + name);
        }
        return unit;
    }

    // Offset of the local zone in minutes east of UTC, as ISO 8601 writes it.
    function offsetText(date, separator) {
        const minutes = -date.getTimezoneOffset();
        const sign = minutes < 0 ? '-' : '+';
        const abs = MathAbs(minutes);
        return sign + pad(MathFloor(abs / 60), 2) + separator + pad(abs % 60, 2);
    }

    class DateTime {
        constructor(millis) {
            defineProperty(this, '_ms', {value: millis});
            freeze(this);
        }

        static now() {
            return new DateTime(dateNow());
        }

        static local(...parts) {
            if (parts.length === 0) {
                return DateTime.now();
            }
            const [y, mo = 1, d = 1, h = 0, mi = 0, s = 0, ms = 0] = parts;
            return new DateTime(new JsDate(y, mo - 1, d, h, mi, s, ms).getTime());
        }

        static fromMillis(millis) {
            return new DateTime(Number(millis));
        }

        static fromSeconds(seconds) {
            return new DateTime(Number(seconds) * 1000);
        }

        static fromJSDate(date) {
            return new DateTime(date.getTime());
        }

        static fromISO(text) {
            return new DateTime(JsDate.parse(String(text)));
        }

        get isValid() {
            return this._ms === this._ms; // NaN for unparseable input
        }

        get year() { return this._date().getFullYear(); }
        get month() { return this._date().getMonth() + 1; }
        get day() { return this._date().getDate(); }
        get hour() { return this._date().getHours(); }
        get minute() { return this._date().getMinutes(); }
        get second() { return this._date().getSeconds(); }
        get millisecond() { return this._date().getMilliseconds(); }
        get weekday() { return ((this._date().getDay() + 6) % 7) + 1; }
        get monthLong() { return MONTHS[this.month - 1]; }
        get monthShort() { return MONTHS[this.month - 1].slice(0, 3); }
        get weekdayLong() { return WEEKDAYS[this.weekday - 1]; }
        get weekdayShort() { return WEEKDAYS[this.weekday - 1].slice(0, 3); }
        get daysInMonth() { return daysInMonth(this.year, this.month - 1); }
        get ts() { return this._ms; }

        _date() {
            return new JsDate(this._ms);
        }

        toMillis() { return this._ms; }
        valueOf() { return this._ms; }
        toSeconds() { return this._ms / 1000; }
        toUnixInteger() { return MathFloor(this._ms / 1000); }
        toJSDate() { return this._date(); }
        toJSON() { return this.toISO(); }
        toString() { return this.isValid ? this.toISO() : 'Invalid DateTime'; }

        toISODate() {
            return this.isValid ? this.toFormat('yyyy-MM-dd') : null;
        }

        toISOTime() {
            return this.isValid ? this.toFormat('HH:mm:ss.SSSZZ') : null;
        }

        toISO() {
            return this.isValid ? this.toFormat("yyyy-MM-dd'T'HH:mm:ss.SSSZZ") : null;
        }

        equals(other) {
            return other instanceof DateTime && other._ms === this._ms;
        }

        plus(duration) {
            return this._shift(duration, 1);
        }

        minus(duration) {
            return this._shift(duration, -1);
        }

        _shift(duration, sign) {
            if (typeof duration === 'number') {
                return new DateTime(this._ms + sign * duration);
            }
            let months = 0;
            let days = 0;
            let millis = 0;
            for (const key of objectKeys(duration)) {
                const amount = sign * Number(duration[key]);
                const unit = unitOf(key);
                if (unit === 'years') {
                    months += 12 * amount;
                } else if (unit === 'quarters') {
                    months += 3 * amount;
                } else if (unit === 'months') {
                    months += amount;
                } else if (unit === 'weeks') {
                    days += 7 * amount;
                } else if (unit === 'days') {
                    days += amount;
                } else {
                    millis += UNIT_MS[unit] * amount;
                }
            }
            const date = this._date();
            if (months !== 0) {
                // Calendar months keep the day, clamped to the target month's length (Jan 31 + 1 month = Feb 28/29).
                const total = date.getFullYear() * 12 + date.getMonth() + months;
                const year = MathFloor(total / 12);
                const monthIndex = total - year * 12;
                const day = MathMin(date.getDate(), daysInMonth(year, monthIndex));
                date.setFullYear(year, monthIndex, day);
            }
            if (days !== 0) {
                date.setDate(date.getDate() + days);
            }
            return new DateTime(date.getTime() + millis);
        }

        startOf(name) {
            const unit = unitOf(name);
            const date = this._date();
            switch (unit) {
                case 'years':
                    date.setMonth(0, 1);
                    date.setHours(0, 0, 0, 0);
                    break;
                case 'quarters':
                    date.setMonth(date.getMonth() - (date.getMonth() % 3), 1);
                    date.setHours(0, 0, 0, 0);
                    break;
                case 'months':
                    date.setDate(1);
                    date.setHours(0, 0, 0, 0);
                    break;
                case 'weeks':
                    date.setDate(date.getDate() - ((date.getDay() + 6) % 7));
                    date.setHours(0, 0, 0, 0);
                    break;
                case 'days':
                    date.setHours(0, 0, 0, 0);
                    break;
                case 'hours':
                    date.setMinutes(0, 0, 0);
                    break;
                case 'minutes':
                    date.setSeconds(0, 0);
                    break;
                case 'seconds':
                    date.setMilliseconds(0);
                    break;
                default:
                    break;
            }
            return new DateTime(date.getTime());
        }

        endOf(name) {
            return this.startOf(name).plus({[unitOf(name)]: 1}).minus(1);
        }

        toFormat(format) {
            if (!this.isValid) {
                return 'Invalid DateTime';
            }
            const date = this._date();
            const text = String(format);
            let out = '';
            let i = 0;
            while (i < text.length) {
                const c = text[i];
                if (c === "'") {
                    const end = text.indexOf("'", i + 1);
                    if (end === i + 1) {
                        out += "'";
                        i += 2;
                        continue;
                    }
                    const stop = end < 0 ? text.length : end;
                    out += text.slice(i + 1, stop);
                    i = stop + 1;
                    continue;
                }
                let j = i;
                while (j < text.length && text[j] === c) {
                    j++;
                }
                out += this._token(date, c, j - i);
                i = j;
            }
            return out;
        }

        _token(date, c, n) {
            const token = c.repeat(n);
            switch (c) {
                case 'y':
                    return n === 2 ? pad(date.getFullYear() % 100, 2) : pad(date.getFullYear(), n === 1 ? 1 : n);
                case 'M':
                case 'L':
                    if (n <= 2) {
                        return pad(date.getMonth() + 1, n);
                    }
                    return n === 3 ? MONTHS[date.getMonth()].slice(0, 3) : MONTHS[date.getMonth()];
                case 'd':
                    return pad(date.getDate(), MathMin(n, 2));
                case 'E':
                case 'c':
                    if (n <= 2) {
                        return String(((date.getDay() + 6) % 7) + 1);
                    }
                    return n === 3 ? WEEKDAYS[(date.getDay() + 6) % 7].slice(0, 3) : WEEKDAYS[(date.getDay() + 6) % 7];
                case 'H':
                    return pad(date.getHours(), MathMin(n, 2));
                case 'h':
                    return pad(((date.getHours() + 11) % 12) + 1, MathMin(n, 2));
                case 'a':
                    return date.getHours() < 12 ? 'AM' : 'PM';
                case 'm':
                    return pad(date.getMinutes(), MathMin(n, 2));
                case 's':
                    return pad(date.getSeconds(), MathMin(n, 2));
                case 'S':
                    return n >= 3 ? pad(date.getMilliseconds(), 3) : String(date.getMilliseconds());
                case 'Z':
                    if (n === 1) {
                        const minutes = -date.getTimezoneOffset();
                        const hours = MathFloor(MathAbs(minutes) / 60);
                        const rest = MathAbs(minutes) % 60;
                        return (minutes < 0 ? '-' : '+') + hours + (rest ? ':' + pad(rest, 2) : '');
                    }
                    return offsetText(date, n === 2 ? ':' : '');
                case 'o': {
                    const start = new JsDate(date.getFullYear(), 0, 1);
                    const ordinal = MathFloor((date - start + (start.getTimezoneOffset() - date.getTimezoneOffset()) * 60000) / 86400000) + 1;
                    return pad(ordinal, n >= 3 ? 3 : 1);
                }
                case 'q':
                    return pad(MathFloor(date.getMonth() / 3) + 1, n);
                case 'X':
                    return String(MathFloor(date.getTime() / 1000));
                case 'x':
                    return String(date.getTime());
                default:
                    return token;
            }
        }
    }

    defineProperty(global, 'DateTime', {value: DateTime, writable: false, enumerable: false, configurable: false});
    defineProperty(global, '$now', {get: () => DateTime.now(), enumerable: false, configurable: false});
    defineProperty(global, '$today', {get: () => DateTime.now().startOf('day'), enumerable: false, configurable: false});

    // ---- Lock the built-ins --------------------------------------------------------------------------

    // Properties that ordinary code assigns on its own objects (this.name = ... in an Error subclass,
    // obj.toString = ...). Frozen on a prototype, such an assignment would fail; as an accessor it defines
    // the property on the object instead, as if the prototype were not frozen.
    const SHADOWABLE = ['constructor', 'name', 'message', 'toString', 'valueOf', 'toLocaleString', 'toJSON'];

    function makeShadowable(proto) {
        for (const key of SHADOWABLE) {
            const desc = getOwnPropertyDescriptor(proto, key);
            if (desc === undefined || !('value' in desc) || !desc.configurable) {
                continue;
            }
            const value = desc.value;
            defineProperty(proto, key, {
                get() {
                    return value;
                },
                set(newValue) {
                    if (this === proto) {
                        throw new TypeError('Cannot assign to read only property \'' + key + '\' of a built-in');
                    }
                    defineProperty(this, key, {value: newValue, writable: true, enumerable: true, configurable: true});
                },
                enumerable: desc.enumerable,
                configurable: false
            });
        }
    }

    const seen = new Set();

    function lock(value) {
        if ((typeof value !== 'object' && typeof value !== 'function') || value === null || seen.has(value)) {
            return;
        }
        seen.add(value);
        if (typeof value === 'function' || value === Object.prototype) {
            const proto = value === Object.prototype ? value : value.prototype;
            if (proto !== null && typeof proto === 'object') {
                makeShadowable(proto);
            }
        }
        for (const key of ownKeys(value)) {
            const desc = getOwnPropertyDescriptor(value, key);
            if (desc !== undefined && 'value' in desc) {
                lock(desc.value);
            }
        }
        lock(getPrototypeOf(value));
        freeze(value);
    }

    // The global object itself stays extensible: sloppy code may create globals (for (item of items) ...),
    // which invoke() removes again after each evaluation.
    seen.add(global);
    for (const key of ownKeys(global)) {
        const desc = getOwnPropertyDescriptor(global, key);
        if (desc === undefined || !desc.configurable && !desc.writable && !('get' in desc)) {
            if (desc !== undefined && 'value' in desc) {
                lock(desc.value);
            }
            continue;
        }
        if ('value' in desc) {
            lock(desc.value);
            defineProperty(global, key, {value: desc.value, writable: false, enumerable: desc.enumerable, configurable: false});
        } else {
            defineProperty(global, key, {get: desc.get, set: desc.set, enumerable: desc.enumerable, configurable: false});
        }
    }
    // Generators, async functions and iterators have intrinsics that no global names.
    lock(getPrototypeOf(function* () {}));
    lock(getPrototypeOf(async function () {}));
    lock(getPrototypeOf(async function* () {}));
    lock(getPrototypeOf([][Symbol.iterator]()));
    lock(getPrototypeOf(new Map().entries()));
    lock(getPrototypeOf(new Set().values()));
    lock(getPrototypeOf(''[Symbol.iterator]()));
    lock(getPrototypeOf(/x/[Symbol.matchAll]('')));

    // ---- Helpers the Java side calls ------------------------------------------------------------------

    function wrapHost(host) {
        return function (...args) {
            const result = apply(host, undefined, args);
            return decode(result[0], result[1]);
        };
    }

    // Builds plain JavaScript values from the JSON text the Java side wrote; fns lists the Java functions
    // in that structure as [function, key, key, ...] (the path of its slot from the root).
    function decode(text, fns) {
        let root = parse(text);
        const count = fns.length;
        for (let i = 0; i < count; i++) {
            const entry = fns[i];
            const size = entry.length;
            if (size === 1) {
                root = wrapHost(entry[0]);
                continue;
            }
            let holder = root;
            for (let k = 1; k < size - 1; k++) {
                holder = holder[entry[k]];
            }
            holder[entry[size - 1]] = wrapHost(entry[0]);
        }
        return root;
    }

    // Removes the global variables an evaluation created by assigning an undeclared name, so the next
    // evaluation in this context does not see them.
    function sweep() {
        for (const key of objectKeys(global)) {
            delete global[key];
        }
    }

    // Runs a compiled script. The sweep check costs about 15 µs in the interpreter, so the Java side asks for it
    // only when the script's text could create a global.
    function invoke(fn, text, fns, sweepGlobals) {
        const args = decode(text, fns);
        if (!sweepGlobals) {
            return apply(fn, undefined, args);
        }
        try {
            return apply(fn, undefined, args);
        } finally {
            for (const key in global) {
                sweep();
                break;
            }
        }
    }

    // What an async body's promise settled to, once the promise jobs have run (GraalJS runs them when the
    // outermost call from Java returns).
    function settle(promise) {
        const box = {done: false, failed: false, value: undefined, error: undefined};
        box.rethrow = function () {
            throw box.error;
        };
        if (promise === null || (typeof promise !== 'object' && typeof promise !== 'function')
            || typeof promise.then !== 'function') {
            box.done = true;
            box.value = promise;
            return box;
        }
        promise.then(function (value) {
            box.done = true;
            box.value = value;
        }, function (error) {
            box.done = true;
            box.failed = true;
            box.error = error;
        });
        return box;
    }

    // JSON text of a non-primitive result; undefined for what JSON cannot hold (a function, a symbol).
    function toJson(value) {
        if (typeof value === 'function' || typeof value === 'symbol') {
            return undefined;
        }
        return stringify(value);
    }

    function describe(value) {
        if (typeof value === 'function') {
            return 'a function';
        }
        if (typeof value === 'symbol') {
            return 'a symbol';
        }
        return isArray(value) ? 'an array' : 'an object';
    }

    return freeze({invoke: invoke, toJson: toJson, describe: describe, settle: settle});
})(globalThis);
