"""Per-lesson helpers: the exercise checkers and small functions a lesson notebook needs.

    from nnlesson.lessons import lesson1
    lesson1.check_dE_dW1(my_function)
"""
