/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* check_main.c - runs every Check suite of the project. */
#include <check.h>
#include <stdlib.h>

#include "suites.h"

int main(void)
{
	SRunner *sr = srunner_create(sl_core_suite());
	srunner_add_suite(sr, sl_datatype_suite());
	srunner_add_suite(sr, sl_tree_suite());
	srunner_add_suite(sr, sl_result_suite());
	srunner_add_suite(sr, sl_tables_suite());
	srunner_add_suite(sr, sl_dg_data_suite());
	srunner_add_suite(sr, sl_event_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
