package dev.perfgate.verdict;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OverheadGradeTests {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
            "-0.20,   EXCELLENT",
            "0,       EXCELLENT",
            "0.0499,  EXCELLENT",
            "0.05,    GOOD",
            "0.0799,  GOOD",
            "0.08,    ACCEPTABLE",
            "0.0999,  ACCEPTABLE",
            "0.10,    WARNING",
            "0.1499,  WARNING",
            "0.15,    FAIL",
            "3.0,     FAIL",
            "Infinity, FAIL",
            "NaN,     FAIL",
    })
    void gradesByTheFractionBelowEachBound(double overhead, OverheadGrade grade) {
        assertThat(OverheadGrade.of(overhead)).isEqualTo(grade);
    }

    @ParameterizedTest(name = "{0} is [{1}]")
    @CsvSource({
            "EXCELLENT,  excellent",
            "GOOD,       good",
            "ACCEPTABLE, acceptable",
            "WARNING,    warning",
            "FAIL,       fail",
    })
    void labelsAreLowerCase(OverheadGrade grade, String label) {
        assertThat(grade.label()).isEqualTo(label);
    }
}
