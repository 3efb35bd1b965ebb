"""English message templates of the backpropagation explorer: a typed expression that cannot be read or
evaluated, each at its column (explorer/)."""

TEMPLATES: dict[str, str] = {
    "at_column": "column {column}: {message}",
    "expression_empty": "the expression is empty; type one, for example a*b + c",
    "expression_too_long": "the expression is longer than {limit} characters; shorten it",
    "expression_too_deep": "the expression nests more than {limit} levels deep; simplify it",
    "character_not_allowed": "'{char}' cannot appear in an expression; use numbers, names, + − × ÷ ^, functions and "
                             "parentheses",
    "expression_unreadable": "the expression cannot be read; check it",
    "ends_too_early": "the expression ends too early; add what comes after the last operator",
    "missing_parenthesis": "a ')' is missing; close every '(' you opened",
    "missing_operator": "{token} follows without an operator; write * between the two (2*a, not 2a)",
    "unmatched_parenthesis": "this ')' has no matching '('; remove it",
    "unexpected_token": "unexpected {token}; expected {expected}",
    "a_number": "a number",
    "a_name": "a name",
    "plus_or_minus": "+ or −",
    "times_or_divided": "× or ÷",
    "the_end": "the end",
    "name_is_function": "{name} is a function; write {name}(…) with its argument, or name the variable differently",
    "unknown_function": "'{name}' is not a known function; use one of {known} (to multiply, write {name}*(…))",
    "takes_one_argument": "{name} takes {count} argument, not {got}",
    "takes_arguments": "{name} takes {count} arguments, not {got}",
    "too_many_operations": "the expression has more than {limit} operations; shorten it",
    "too_many_variables": "the expression uses more than {limit} variables; use fewer",
    "gradient_overflows": "the gradient at {text} overflows at these values; choose smaller ones",
    "variable_without_value": "'{name}' has no value; give it one",
    "domain_problem": "{problem} (in {text})",
    "value_not_finite": "{title} {text} is {value} at these values, not a finite number; choose smaller values",
    "derivative_not_real": "the derivative of {text} with respect to {source} is {grad} at these values, not a real "
                           "number; choose other values",
    "division_by_zero": "division by zero: the divisor is 0; change the values so it is not",
    "log_not_positive": "log needs a positive number, but its argument is {x:g}; choose values that make it > 0",
    "power_not_real": "a negative base ({x:g}) to a non-whole power ({y:g}) is not a real number; use a positive base "
                      "or a whole exponent",
    "zero_to_negative_power": "0 to a negative power ({y:g}) divides by zero; change the base or the exponent",
}
