/* tests: each test file registers its CUnit suite here; test_units.c's main runs them all. */
#ifndef RS_TESTS_H
#define RS_TESTS_H

void rs_test_model_register(void);
void rs_test_checks_register(void);
void rs_test_modules_register(void);
void rs_test_config_register(void);
void rs_test_baseline_register(void);
void rs_test_html_register(void);
void rs_test_request_register(void);
void rs_test_wait_register(void);
void rs_test_share_register(void);
void rs_test_manifests_register(void);
void rs_test_retry_register(void);
void rs_test_race_register(void);
void rs_test_matrix_register(void);

#endif
