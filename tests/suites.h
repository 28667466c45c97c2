/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* suites.h - the Check suites, one per module. */
#ifndef SL_SUITES_H
#define SL_SUITES_H

#include <check.h>

Suite *sl_core_suite(void);
Suite *sl_datatype_suite(void);
Suite *sl_tree_suite(void);
Suite *sl_result_suite(void);
Suite *sl_tables_suite(void);
Suite *sl_dg_data_suite(void);
Suite *sl_event_suite(void);

#endif
