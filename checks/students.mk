## checks/students.mk -- included by Makefile.am.  The labelled sets of
## students' C backward passes (checks/students/c and c2 on, each written
## from the interface alone by another hand), built as students build
## them into checks/sandbox/ (c) and checks/sandbox/cN/ (the later sets),
## for checks/t-sandbox and checks/students-c.sh.

SANDBOX_STUDENTS = \
	checks/students/c/c01-loops.c \
	checks/students/c/c02-ptr.c \
	checks/students/c/c03-blas.c \
	checks/students/c/c04-getset-mask.c \
	checks/students/c/c05-helpers.c \
	checks/students/c/c06-ptr-tda.c \
	checks/students/c/c07-memcpy.c \
	checks/students/c/c08-softmax.c \
	checks/students/c/c09-loops-ijk.c \
	checks/students/c/c10-rows.c \
	checks/students/c/c11-ptr-flat.c \
	checks/students/c/c12-l2helper.c \
	checks/students/c/c13-dgemm.c \
	checks/students/c/c14-abc.c \
	checks/students/c/c15-ptr-onehot.c \
	checks/students/c/c16-octave.c \
	checks/students/c/c17-ptr-reshape.c \
	checks/students/c/c18-loops-bound.c \
	checks/students/c/c19-blas-reg.c \
	checks/students/c/c20-layers.c \
	checks/students/c/c21-mixed.c \
	checks/students/c/c22-blas-scale.c \
	checks/students/c/c23-twobugs.c \
	checks/students/c/c24-null.c \
	checks/students/c/c25-while.c \
	checks/students/c/c26-flat-oob.c \
	checks/students/c/c27-longline.c
# The later sets, checks/students/c2 to c79, each written the same way by
# another hand, land in checks/sandbox/c2/ to c79/.
SANDBOX_SETS = \
	checks/students/c2/bias_first_a.c \
	checks/students/c2/bias_first_b.c \
	checks/students/c2/blas_dgemm_a.c \
	checks/students/c2/blas_dgemm_b.c \
	checks/students/c2/blas_dgemm_c.c \
	checks/students/c2/float_accum_a.c \
	checks/students/c2/fused_relu_a.c \
	checks/students/c2/fused_relu_b.c \
	checks/students/c2/helpers_shared_a.c \
	checks/students/c2/helpers_shared_b.c \
	checks/students/c2/loops_getset_a.c \
	checks/students/c2/loops_getset_b.c \
	checks/students/c2/loops_getset_c.c \
	checks/students/c2/loops_getset_d.c \
	checks/students/c2/macros_kr_a.c \
	checks/students/c2/macros_kr_b.c \
	checks/students/c2/macros_kr_c.c \
	checks/students/c2/rawptr_tda_a.c \
	checks/students/c2/rawptr_tda_b.c \
	checks/students/c2/rawptr_tda_c.c \
	checks/students/c2/samples_outer_a.c \
	checks/students/c2/samples_outer_b.c \
	checks/students/c2/scratch_memcpy_a.c \
	checks/students/c2/scratch_memcpy_b.c \
	checks/students/c2/verbose_comments_a.c \
	checks/students/c2/verbose_comments_b.c \
	checks/students/c2/verbose_comments_c.c \
	checks/students/c2/views_a.c \
	checks/students/c2/views_b.c \
	checks/students/c2/views_c.c \
	checks/students/c3/b07_vla.c \
	checks/students/c3/b08_transpose.c \
	checks/students/c3/b09_ptrwalk.c \
	checks/students/c3/b10_switch.c \
	checks/students/c3/b11_macros.c \
	checks/students/c3/b12_onebased.c \
	checks/students/c3/b13_struct.c \
	checks/students/c3/b14_ddot.c \
	checks/students/c3/b15_dgemm.c \
	checks/students/c3/b16_invn.c \
	checks/students/c3/b17_fortran.c \
	checks/students/c3/b18_layers.c \
	checks/students/c3/b19_samplewise.c \
	checks/students/c3/b20_dotcols.c \
	checks/students/c3/b21_rowsum.c \
	checks/students/c3/b22_flat.c \
	checks/students/c3/b23_accum.c \
	checks/students/c3/b24_inplace.c \
	checks/students/c3/s01_numpy.c \
	checks/students/c3/s02_onebased.c \
	checks/students/c3/s03_dger.c \
	checks/students/c3/s04_recompute.c \
	checks/students/c3/s05_static.c \
	checks/students/c3/s06_reverse.c \
	checks/students/c4/b05.c \
	checks/students/c4/b06.c \
	checks/students/c4/b07.c \
	checks/students/c4/b08.c \
	checks/students/c4/b09.c \
	checks/students/c4/b10.c \
	checks/students/c4/b11.c \
	checks/students/c4/b12.c \
	checks/students/c4/b13.c \
	checks/students/c4/b14.c \
	checks/students/c4/b15.c \
	checks/students/c4/b16.c \
	checks/students/c4/b17.c \
	checks/students/c4/b18.c \
	checks/students/c4/b19.c \
	checks/students/c4/b20.c \
	checks/students/c4/c01.c \
	checks/students/c4/c02.c \
	checks/students/c4/c03.c \
	checks/students/c4/c04.c \
	checks/students/c5/s01_getset_ok.c \
	checks/students/c5/s02_blas_ok.c \
	checks/students/c5/s03_ptr_nomean.c \
	checks/students/c5/s04_macro_truesign.c \
	checks/students/c5/s05_blas_noreg.c \
	checks/students/c5/s06_colmajor_dW2.c \
	checks/students/c5/s07_views_db2axis.c \
	checks/students/c5/s08_terse_w2idx.c \
	checks/students/c5/s09_persample_maskdp1.c \
	checks/students/c5/s10_relu_p1ge0.c \
	checks/students/c5/s11_blas_dW1overN.c \
	checks/students/c5/s12_helpers_db1dp1.c \
	checks/students/c5/s13_inplace_dp1.c \
	checks/students/c5/s14_accum_db1.c \
	checks/students/c5/s15_looporder_dW1p1.c \
	checks/students/c5/s16_db2_bound.c \
	checks/students/c6/s01_numpy_ok.c \
	checks/students/c6/s02_blas_ok.c \
	checks/students/c6/s03_macros_onehot.c \
	checks/students/c6/s04_c89_intdiv.c \
	checks/students/c6/s05_numpy_halfreg.c \
	checks/students/c6/s06_blas_operand.c \
	checks/students/c6/s07_one_loop_nest.c \
	checks/students/c6/s08_pointers_transpose.c \
	checks/students/c6/s09_inplace_mask.c \
	checks/students/c6/s10_relu_p1.c \
	checks/students/c6/s11_stack_relu_sign.c \
	checks/students/c6/s12_blas_double_n.c \
	checks/students/c6/s13_reverse_loop.c \
	checks/students/c6/s14_small_functions.c \
	checks/students/c6/s15_accumulate.c \
	checks/students/c6/s16_loglik_sign.c \
	checks/students/c7/s01_loops_ok.c \
	checks/students/c7/s02_blas_ok.c \
	checks/students/c7/s03_macro_dz2_noN.c \
	checks/students/c7/s04_blas_dW2_noreg.c \
	checks/students/c7/s05_halfreg_dW2.c \
	checks/students/c7/s06_helpers_db2_mean.c \
	checks/students/c7/s07_blas_dp1_prob.c \
	checks/students/c7/s08_ptr_mask_dp1.c \
	checks/students/c7/s09_accum_dW1.c \
	checks/students/c7/s10_db1_from_dp1.c \
	checks/students/c7/s11_ptr_dz2_sign.c \
	checks/students/c7/s12_blas_dW2_z1.c \
	checks/students/c7/s13_stack_dW1_overN.c \
	checks/students/c7/s14_int_dp1_offbyone.c \
	checks/students/c8/s01_onehot_dgemm.c \
	checks/students/c8/s02_scale_last.c \
	checks/students/c8/s03_rank1.c \
	checks/students/c8/s04_transpose_copies.c \
	checks/students/c8/s05_onehot_from1.c \
	checks/students/c8/s06_w2_penalty_factor.c \
	checks/students/c8/s07_db2_rows.c \
	checks/students/c8/s08_unscaled_ds.c \
	checks/students/c8/s09_mask_from_dp1.c \
	checks/students/c8/s10_dger_bound.c \
	checks/students/c8/s11_sumrows_arg.c \
	checks/students/c8/s12_sub_order.c \
	checks/students/c8/s13_addreg_scales_dw.c \
	checks/students/c8/s14_stale_column.c \
	checks/students/c8/s15_dp1_masked.c \
	checks/students/c8/s16_db1_not_zeroed.c \
	checks/students/c9/s01_per_sample_c89.c \
	checks/students/c9/s02_scale_at_end.c \
	checks/students/c9/s03_terse_goto.c \
	checks/students/c9/s04_verbose_layers.c \
	checks/students/c9/s05_numpy_port.c \
	checks/students/c9/s06_numerik_blatt7.c \
	checks/students/c9/s07_stack_rows.c \
	checks/students/c9/s08_idx_macro.c \
	checks/students/c9/s09_zero_first.c \
	checks/students/c9/s10_dscores_alias.c \
	checks/students/c9/s11_per_sample_acc.c \
	checks/students/c9/s12_relu_ge.c \
	checks/students/c9/s13_relu_helper.c \
	checks/students/c9/s14_decay_first.c \
	checks/students/c9/s15_countdown.c \
	checks/students/c9/s16_mean_bias.c \
	checks/students/c10/s01_rowptr_softmax.c \
	checks/students/c10/s02_static_scale_end.c \
	checks/students/c10/s03_vla_outer.c \
	checks/students/c10/s04_block_views.c \
	checks/students/c10/s05_onehot_colmajor.c \
	checks/students/c10/s06_intdiv.c \
	checks/students/c10/s07_db2_mean_twice.c \
	checks/students/c10/s08_l2_half.c \
	checks/students/c10/s09_noreg_w1.c \
	checks/students/c10/s10_transpose_dims.c \
	checks/students/c10/s11_relu_on_grad.c \
	checks/students/c10/s12_inplace_mask.c \
	checks/students/c10/s13_x_colmajor.c \
	checks/students/c10/s14_colsum_not_cleared.c \
	checks/students/c10/s15_memcpy_len.c \
	checks/students/c10/s16_w2_copy_transposed.c \
	checks/students/c11/s01_struct_recompute.c \
	checks/students/c11/s02_cblas_scale_last.c \
	checks/students/c11/s03_loops_mask_p1.c \
	checks/students/c11/s04_blas_beta_one.c \
	checks/students/c11/s05_double_divide.c \
	checks/students/c11/s06_scores_not_probs.c \
	checks/students/c11/s07_hidden_preact.c \
	checks/students/c11/s08_reg_factor.c \
	checks/students/c11/s09_bias_index.c \
	checks/students/c11/s10_zero_grad.c \
	checks/students/c11/s11_relu_on_grad.c \
	checks/students/c11/s12_cblas_ldb.c \
	checks/students/c11/s13_fc1_upstream.c \
	checks/students/c11/s14_relu_inplace.c \
	checks/students/c11/s15_reg_fc2_only.c \
	checks/students/c11/s16_relu_local_grad.c \
	checks/students/c12/s01_softmax_again.c \
	checks/students/c12/s02_scale_last.c \
	checks/students/c12/s03_per_sample.c \
	checks/students/c12/s04_blas_beta.c \
	checks/students/c12/s05_sign_trueclass.c \
	checks/students/c12/s06_int_scale.c \
	checks/students/c12/s07_dW2_hidden.c \
	checks/students/c12/s08_tmp_leftover.c \
	checks/students/c12/s09_helper_reg.c \
	checks/students/c12/s10_relu_in_dp1.c \
	checks/students/c12/s11_dp1_bound.c \
	checks/students/c12/s12_mask_dp1.c \
	checks/students/c12/s13_db2_mean.c \
	checks/students/c12/s14_pasted_layer1.c \
	checks/students/c12/s15_accumulate_dW1.c \
	checks/students/c12/s16_reg_in_db1.c \
	checks/students/c13/s01_ex4_loop.c \
	checks/students/c13/s02_colmajor_softmax.c \
	checks/students/c13/s03_helpers_ones.c \
	checks/students/c13/s04_scale_last.c \
	checks/students/c13/s05_softmax_sum.c \
	checks/students/c13/s06_onehot_eq.c \
	checks/students/c13/s07_ng_penalty.c \
	checks/students/c13/s08_a2_transpose.c \
	checks/students/c13/s09_msum_dim.c \
	checks/students/c13/s10_loops_dp1.c \
	checks/students/c13/s11_inplace_mask.c \
	checks/students/c13/s12_times_A1.c \
	checks/students/c13/s13_colmajor_mask.c \
	checks/students/c13/s14_theta_reshape.c \
	checks/students/c13/s15_accumulate.c \
	checks/students/c13/s16_sumcols_mean.c \
	checks/students/c14/s01_redo_forward_scale_last.c \
	checks/students/c14/s02_stack_probs_c89.c \
	checks/students/c14/s03_fwd_struct_outer.c \
	checks/students/c14/s04_vla_own_mask.c \
	checks/students/c14/s05_helper_struct_nobias.c \
	checks/students/c14/s06_stack_softmax_axis.c \
	checks/students/c14/s07_probs_exp_wrong.c \
	checks/students/c14/s08_state_struct_preact.c \
	checks/students/c14/s09_colmean_helper.c \
	checks/students/c14/s10_flat_mask_index.c \
	checks/students/c14/s11_delta_unscaled_dp1.c \
	checks/students/c14/s12_fwdvals_reg_half.c \
	checks/students/c14/s13_rowbuf_no_reset.c \
	checks/students/c14/s14_dger_no_zero.c \
	checks/students/c14/s15_loglik_sign_db2.c \
	checks/students/c14/s16_forward_relu_wrong_matrix.c \
	checks/students/c15/s01_blas_scale_last.c \
	checks/students/c15/s02_loops_resoftmax.c \
	checks/students/c15/s03_gsl_ones_vector.c \
	checks/students/c15/s04_per_sample_outer.c \
	checks/students/c15/s05_no_div_n.c \
	checks/students/c15/s06_onehot_loop_C.c \
	checks/students/c15/s07_half_reg.c \
	checks/students/c15/s08_hidden_T_flat.c \
	checks/students/c15/s09_sum_axis1.c \
	checks/students/c15/s10_b2_before_div.c \
	checks/students/c15/s11_W2_alias.c \
	checks/students/c15/s12_inplace_mask.c \
	checks/students/c15/s13_relu_ge0.c \
	checks/students/c15/s14_mul_by_hidden.c \
	checks/students/c15/s15_dW1_from_dhidden.c \
	checks/students/c15/s16_b1_in_W1_loop.c \
	checks/students/c16/s01_loops_softmax_again.c \
	checks/students/c16/s02_ctx_scale_at_end.c \
	checks/students/c16/s03_blas_beta_reg.c \
	checks/students/c16/s04_logsumexp_mask_matrix.c \
	checks/students/c16/s05_avg_macro.c \
	checks/students/c16/s06_layer_enum_l2.c \
	checks/students/c16/s07_unrolled_comma.c \
	checks/students/c16/s08_affine_ctx_weights.c \
	checks/students/c16/s09_mask_precedence.c \
	checks/students/c16/s10_relu_fast_path.c \
	checks/students/c16/s11_unparen_index_macro.c \
	checks/students/c16/s12_l2_factor_constant.c \
	checks/students/c16/s13_zero_copy_paste.c \
	checks/students/c16/s14_hidden_grad_wrong_out.c \
	checks/students/c16/s15_onehot_ternary.c \
	checks/students/c16/s16_sparse_bias_sum.c \
	checks/students/c17/s01_onehot_blas.c \
	checks/students/c17/s02_scale_last.c \
	checks/students/c17/s03_stable_softmax.c \
	checks/students/c17/s04_theta_penalty.c \
	checks/students/c17/s05_onehot_minus_prob.c \
	checks/students/c17/s06_double_mean.c \
	checks/students/c17/s07_mean_ones.c \
	checks/students/c17/s08_dp1_accumulate.c \
	checks/students/c17/s09_mask_from_dp1.c \
	checks/students/c17/s10_gate_in_place.c \
	checks/students/c17/s11_half_reg_w1.c \
	checks/students/c17/s12_alpha_beta_swap.c \
	checks/students/c17/s13_db1_before_relu.c \
	checks/students/c17/s14_penalty_overwritten.c \
	checks/students/c17/s15_wrong_batch_dim.c \
	checks/students/c17/s16_mask_ge_zero.c \
	checks/students/c18/s01_sum_then_scale.c \
	checks/students/c18/s02_own_softmax_rawptr.c \
	checks/students/c18/s03_outer_products.c \
	checks/students/c18/s04_penalty_first_lse.c \
	checks/students/c18/s05_label_unscaled.c \
	checks/students/c18/s06_softmax_sum_from1.c \
	checks/students/c18/s07_dW2_mean_again.c \
	checks/students/c18/s08_reg_loop_bound.c \
	checks/students/c18/s09_db2_from_dscores.c \
	checks/students/c18/s10_db2_accumulates.c \
	checks/students/c18/s11_dz2_saved_last.c \
	checks/students/c18/s12_relu_in_place.c \
	checks/students/c18/s13_mask_on_gradient.c \
	checks/students/c18/s14_dW1_penalty_twice.c \
	checks/students/c18/s15_helper_gets_dp1.c \
	checks/students/c18/s16_ones_became_mean.c \
	checks/students/c19/s01_rowmax_softmax.c \
	checks/students/c19/s02_penalty_first.c \
	checks/students/c19/s03_scale_at_end.c \
	checks/students/c19/s04_outer_products.c \
	checks/students/c19/s05_dp1_first.c \
	checks/students/c19/s06_dW1_from_dp1.c \
	checks/students/c19/s07_dW2_from_z1.c \
	checks/students/c19/s08_relu_args_swapped.c \
	checks/students/c19/s09_colsum_row0_twice.c \
	checks/students/c19/s10_db2_folds_dz2.c \
	checks/students/c19/s11_dW1_reg_twice.c \
	checks/students/c19/s12_dz2_over_H.c \
	checks/students/c19/s13_dW2_accumulates.c \
	checks/students/c19/s14_dp1_masked.c \
	checks/students/c19/s15_relu_mask_ge.c \
	checks/students/c19/s16_db1_last_row.c \
	checks/students/c20/s01_blas_scale_last.c \
	checks/students/c20/s02_rawptr_softmax.c \
	checks/students/c20/s03_getset_loops.c \
	checks/students/c20/s04_helpers_dgemv.c \
	checks/students/c20/s05_dz2_noN.c \
	checks/students/c20/s06_dz2_onehot_after_scale.c \
	checks/students/c20/s07_dW2_halfreg.c \
	checks/students/c20/s08_dW2_z1_operand.c \
	checks/students/c20/s09_db2_acc_outside.c \
	checks/students/c20/s10_dp1_uses_dW2.c \
	checks/students/c20/s11_dz1_mask_ge.c \
	checks/students/c20/s12_dz1_mask_dp1.c \
	checks/students/c20/s13_dW1_noreg.c \
	checks/students/c20/s14_helper_divisor.c \
	checks/students/c20/s15_db1_from_dp1.c \
	checks/students/c20/s16_softmax_sum_not_reset.c \
	checks/students/c21/s01_loops_recompute.c \
	checks/students/c21/s02_blas_ones.c \
	checks/students/c21/s03_rawptr_scale_last.c \
	checks/students/c21/s04_layer_structs.c \
	checks/students/c21/s05_sys_scale_C.c \
	checks/students/c21/s06_forgot_reg_W2.c \
	checks/students/c21/s07_db2_bound.c \
	checks/students/c21/s08_dp1_prob.c \
	checks/students/c21/s09_mask_on_dp1.c \
	checks/students/c21/s10_dW1_accumulates.c \
	checks/students/c21/s11_db1_from_dp1.c \
	checks/students/c21/s12_dW2_uses_z1.c \
	checks/students/c21/s13_onehot_after_scale.c \
	checks/students/c21/s14_helper_double_mean.c \
	checks/students/c21/s15_unscaled_temp.c \
	checks/students/c21/s16_relu_times_p1.c \
	checks/students/c22/s01_scale_at_end.c \
	checks/students/c22/s02_own_softmax.c \
	checks/students/c22/s03_numpy_helpers.c \
	checks/students/c22/s04_loops_transposed.c \
	checks/students/c22/s05_onehot_after_mean.c \
	checks/students/c22/s06_l2_helper_factor.c \
	checks/students/c22/s07_db2_axis.c \
	checks/students/c22/s08_dp1_index_swap.c \
	checks/students/c22/s09_relu_times_p1.c \
	checks/students/c22/s10_dW1_copy_paste.c \
	checks/students/c22/s11_db1_not_zeroed.c \
	checks/students/c22/s12_num_train_size2.c \
	checks/students/c22/s13_dW2_z1_temp.c \
	checks/students/c22/s14_db1_before_relu.c \
	checks/students/c22/s15_relu_mask_ge.c \
	checks/students/c22/s16_dW1_extra_mean.c \
	checks/students/c23/s01_scale_at_end.c \
	checks/students/c23/s02_softmax_again.c \
	checks/students/c23/s03_outer_products.c \
	checks/students/c23/s04_transposed_then_back.c \
	checks/students/c23/s05_onehot_unscaled.c \
	checks/students/c23/s06_mean_twice.c \
	checks/students/c23/s07_l2_helper.c \
	checks/students/c23/s08_db2_no_reset.c \
	checks/students/c23/s09_w2t_macro.c \
	checks/students/c23/s10_dp1_beta_one.c \
	checks/students/c23/s11_mask_ge.c \
	checks/students/c23/s12_relu_copy_p1.c \
	checks/students/c23/s13_dW1_beta_zero.c \
	checks/students/c23/s14_dW1_from_dp1.c \
	checks/students/c23/s15_db1_wrong_view.c \
	checks/students/c23/s16_ones_over_n.c \
	checks/students/c24/s01_scale_at_end.c \
	checks/students/c24/s02_idx_macro.c \
	checks/students/c24/s03_ptr_walk.c \
	checks/students/c24/s04_helpers.c \
	checks/students/c24/s05_onehot_loop.c \
	checks/students/c24/s06_inv_wrong_dim.c \
	checks/students/c24/s07_l2_helper_arg.c \
	checks/students/c24/s08_p1_row_ld.c \
	checks/students/c24/s09_db2_axis.c \
	checks/students/c24/s10_dp1_memset.c \
	checks/students/c24/s11_dp1_transposed.c \
	checks/students/c24/s12_relu_on_grad.c \
	checks/students/c24/s13_mask_ge.c \
	checks/students/c24/s14_dw1_from_one.c \
	checks/students/c24/s15_dw1_reg_in_loop.c \
	checks/students/c24/s16_db1_mean.c \
	checks/students/c25/s01_loops_scale_last_ok.c \
	checks/students/c25/s02_blas_recompute_softmax_ok.c \
	checks/students/c25/s03_p1mask_dgemv_regfirst_ok.c \
	checks/students/c25/s04_per_sample_dger_ok.c \
	checks/students/c25/s05_onehot_after_mean.c \
	checks/students/c25/s06_mean_twice.c \
	checks/students/c25/s07_l2_half_factor.c \
	checks/students/c25/s08_z1_to_affine2.c \
	checks/students/c25/s09_bias_mean.c \
	checks/students/c25/s10_dW2_in_fc2_cache.c \
	checks/students/c25/s11_flat_index_W2.c \
	checks/students/c25/s12_mask_from_dp1.c \
	checks/students/c25/s13_relu_kills_positive.c \
	checks/students/c25/s14_dp1_to_affine1.c \
	checks/students/c25/s15_reg_then_beta0.c \
	checks/students/c25/s16_db1_not_zeroed.c \
	checks/students/c26/s01_loops_rescale_at_end.c \
	checks/students/c26/s02_blas_reg_first.c \
	checks/students/c26/s03_rawptr_samplewise.c \
	checks/students/c26/s04_helpers_dger.c \
	checks/students/c26/s05_onehot_after_scale.c \
	checks/students/c26/s06_l2_helper_factor.c \
	checks/students/c26/s07_db2_row_view.c \
	checks/students/c26/s08_dp1_w2_stride.c \
	checks/students/c26/s09_mask_p1_negative.c \
	checks/students/c26/s10_mask_applied_to_dp1.c \
	checks/students/c26/s11_dW1_assign_not_add.c \
	checks/students/c26/s12_dW2_dgemm_beta.c \
	checks/students/c26/s13_db1_running_total.c \
	checks/students/c26/s14_onehot_loop_short.c \
	checks/students/c26/s15_dW1_pasted_bound.c \
	checks/students/c26/s16_bias_mean_helper.c \
	checks/students/c28/s01_es_softmax_estable.c \
	checks/students/c28/s02_de_schleifen.c \
	checks/students/c28/s03_py_data_beta.c \
	checks/students/c28/s04_fr_echelle_fin.c \
	checks/students/c28/s05_pt_onehot.c \
	checks/students/c28/s06_fr_nb_exemples.c \
	checks/students/c28/s07_de_z1_statt_p1.c \
	checks/students/c28/s08_es_factor_reg.c \
	checks/students/c28/s09_pt_db2_linha.c \
	checks/students/c28/s10_py_zhuanzhi.c \
	checks/students/c28/s11_it_somma.c \
	checks/students/c28/s12_fr_relu_args.c \
	checks/students/c28/s13_pt_mascara_p1.c \
	checks/students/c28/s14_es_bucle_menos_uno.c \
	checks/students/c28/s15_de_doppelt_gemittelt.c \
	checks/students/c28/s16_py_qingling.c \
	checks/students/c29/s01_kowalski.c \
	checks/students/c29/s02_okonkwo.c \
	checks/students/c29/s03_nguyen.c \
	checks/students/c29/s04_berger.c \
	checks/students/c29/s05_priya.c \
	checks/students/c29/s06_duarte.c \
	checks/students/c29/s07_liwei.c \
	checks/students/c29/s08_hart.c \
	checks/students/c29/s09_oyelaran.c \
	checks/students/c29/s10_ferraro.c \
	checks/students/c29/s11_zielinski.c \
	checks/students/c29/s12_mensah.c \
	checks/students/c29/s13_lindqvist.c \
	checks/students/c29/s14_rahman.c \
	checks/students/c29/s15_araujo.c \
	checks/students/c29/s16_demir.c \
	checks/students/c30/s01_softmax_recompute.c \
	checks/students/c30/s02_blas_on_mats.c \
	checks/students/c30/s03_per_sample.c \
	checks/students/c30/s04_matlib.c \
	checks/students/c30/s05_onehot_late.c \
	checks/students/c30/s06_mean_twice.c \
	checks/students/c30/s07_l2_helper.c \
	checks/students/c30/s08_sum_axis.c \
	checks/students/c30/s09_transpose_stride.c \
	checks/students/c30/s10_relu_ge.c \
	checks/students/c30/s11_dw1_side.c \
	checks/students/c30/s12_bias_before_mask.c \
	checks/students/c30/s13_matmul_acc.c \
	checks/students/c30/s14_copyback_temp.c \
	checks/students/c30/s15_int_mean.c \
	checks/students/c30/s16_relu_on_grad.c \
	checks/students/c31/s01_scale_at_end.c \
	checks/students/c31/s02_own_softmax.c \
	checks/students/c31/s03_penalty_first.c \
	checks/students/c31/s04_per_sample.c \
	checks/students/c31/s05_onehot_after_scale.c \
	checks/students/c31/s06_softmax_sum.c \
	checks/students/c31/s07_half_reg.c \
	checks/students/c31/s08_zero_wrong_acc.c \
	checks/students/c31/s09_db2_rows.c \
	checks/students/c31/s10_dp1_reshape.c \
	checks/students/c31/s11_relu_geq.c \
	checks/students/c31/s12_tmp_mask_reuse.c \
	checks/students/c31/s13_no_reg_W1.c \
	checks/students/c31/s14_dW1_overN_twice.c \
	checks/students/c31/s15_db1_zero_C.c \
	checks/students/c31/s16_helper_short_loop.c \
	checks/students/c32/s01_anna.c \
	checks/students/c32/s02_bilal.c \
	checks/students/c32/s03_chen.c \
	checks/students/c32/s04_dmitri.c \
	checks/students/c32/s05_emma.c \
	checks/students/c32/s06_farid.c \
	checks/students/c32/s07_gabriel.c \
	checks/students/c32/s08_hana.c \
	checks/students/c32/s09_ivan.c \
	checks/students/c32/s10_julia.c \
	checks/students/c32/s11_kofi.c \
	checks/students/c32/s12_lucia.c \
	checks/students/c32/s13_marco.c \
	checks/students/c32/s14_nadia.c \
	checks/students/c32/s15_omar.c \
	checks/students/c32/s16_priya.c \
	checks/students/c33/s01_softmax_again.c \
	checks/students/c33/s02_scale_last.c \
	checks/students/c33/s03_transposed.c \
	checks/students/c33/s04_per_sample.c \
	checks/students/c33/s05_onehot_after_scale.c \
	checks/students/c33/s06_int_division.c \
	checks/students/c33/s07_lambda_half.c \
	checks/students/c33/s08_reshape_back.c \
	checks/students/c33/s09_db2_beta_one.c \
	checks/students/c33/s10_fold_alpha.c \
	checks/students/c33/s11_dp1_uses_dW2.c \
	checks/students/c33/s12_mask_from_dp1.c \
	checks/students/c33/s13_mask_flipped.c \
	checks/students/c33/s14_dW1_mean_twice.c \
	checks/students/c33/s15_db1_before_gate.c \
	checks/students/c33/s16_hidden_alias.c \
	checks/students/c34/s01_softmax_recompute_ok.c \
	checks/students/c34/s02_blas_mask_a1_ok.c \
	checks/students/c34/s03_deltas_first_ok.c \
	checks/students/c34/s04_per_sample_ok.c \
	checks/students/c34/s05_onehot_after_scale.c \
	checks/students/c34/s06_invN_from_size2.c \
	checks/students/c34/s07_l2_factor_helper.c \
	checks/students/c34/s08_dW2_mean_twice.c \
	checks/students/c34/s09_db2_row_view.c \
	checks/students/c34/s10_dp1_from_prob.c \
	checks/students/c34/s11_dp1_not_zeroed.c \
	checks/students/c34/s12_relu_deriv_flipped.c \
	checks/students/c34/s13_relu_args_swapped.c \
	checks/students/c34/s14_dW1_beta_zero.c \
	checks/students/c34/s15_dW1_uses_a1.c \
	checks/students/c34/s16_db1_from_dp1.c \
	checks/students/c35/s01_blas_stable_softmax.c \
	checks/students/c35/s02_loops_scale_at_end.c \
	checks/students/c35/s03_data_per_sample.c \
	checks/students/c35/s04_helpers.c \
	checks/students/c35/s05_int_division.c \
	checks/students/c35/s06_scores_not_probs.c \
	checks/students/c35/s07_reg_no_two.c \
	checks/students/c35/s08_prerelu_in_dW2.c \
	checks/students/c35/s09_row0_twice.c \
	checks/students/c35/s10_db2_mean.c \
	checks/students/c35/s11_dp1_before_scale.c \
	checks/students/c35/s12_mask_p1_geq.c \
	checks/students/c35/s13_relu_on_grad.c \
	checks/students/c35/s14_dW1_beta_one.c \
	checks/students/c35/s15_dW1_from_dp1.c \
	checks/students/c35/s16_db1_helper_arg.c \
	checks/students/c36/s01_rossi.c \
	checks/students/c36/s02_okafor.c \
	checks/students/c36/s03_lindqvist.c \
	checks/students/c36/s04_brandt.c \
	checks/students/c36/s05_haddad.c \
	checks/students/c36/s06_moreau.c \
	checks/students/c36/s07_nakamura.c \
	checks/students/c36/s08_petrov.c \
	checks/students/c36/s09_garcia.c \
	checks/students/c36/s10_oconnell.c \
	checks/students/c36/s11_varga.c \
	checks/students/c36/s12_adeyemi.c \
	checks/students/c36/s13_schmidt.c \
	checks/students/c36/s14_kowalski.c \
	checks/students/c36/s15_dubois.c \
	checks/students/c36/s16_ivanova.c \
	checks/students/c37/s01_layer_structs.c \
	checks/students/c37/s02_saved_tensors.c \
	checks/students/c37/s03_outer_products.c \
	checks/students/c37/s04_module_list.c \
	checks/students/c37/s05_ce_on_logits.c \
	checks/students/c37/s06_onehot_after_mean.c \
	checks/students/c37/s07_fc2_saves_z1.c \
	checks/students/c37/s08_l2_helper.c \
	checks/students/c37/s09_db2_rows.c \
	checks/students/c37/s10_dp1_grad_weight.c \
	checks/students/c37/s11_inplace_relu.c \
	checks/students/c37/s12_relu_mask_ge.c \
	checks/students/c37/s13_dW1_accumulates.c \
	checks/students/c37/s14_db1_stats_mean.c \
	checks/students/c37/s15_ce_no_mean.c \
	checks/students/c37/s16_fc1_gets_dp1.c \
	checks/students/c38/s01_lindqvist.c \
	checks/students/c38/s02_baptiste.c \
	checks/students/c38/s03_nakamura.c \
	checks/students/c38/s04_okonkwo.c \
	checks/students/c38/s05_ferreira.c \
	checks/students/c38/s06_kowalczyk.c \
	checks/students/c38/s07_haddad.c \
	checks/students/c38/s08_mbeki.c \
	checks/students/c38/s09_silva.c \
	checks/students/c38/s10_oyelaran.c \
	checks/students/c38/s11_andersen.c \
	checks/students/c38/s12_chen.c \
	checks/students/c38/s13_dubois.c \
	checks/students/c38/s14_ivanova.c \
	checks/students/c38/s15_rahman.c \
	checks/students/c38/s16_moreau.c \
	checks/students/c39/s01_macro_rescale.c \
	checks/students/c39/s02_blas_regfirst.c \
	checks/students/c39/s03_per_sample.c \
	checks/students/c39/s04_verbose_transposed.c \
	checks/students/c39/s05_onehot_after_scale.c \
	checks/students/c39/s06_int_division.c \
	checks/students/c39/s07_l2_helper.c \
	checks/students/c39/s08_reg_in_loop.c \
	checks/students/c39/s09_vla_db2_mean.c \
	checks/students/c39/s10_named_macros.c \
	checks/students/c39/s11_inplace_relu.c \
	checks/students/c39/s12_relu_mask.c \
	checks/students/c39/s13_loop_bound.c \
	checks/students/c39/s14_copy_paste_p1.c \
	checks/students/c39/s15_zeroing_block.c \
	checks/students/c39/s16_bias_accumulator.c \
	checks/students/c40/s01_blas_beta.c \
	checks/students/c40/s02_stable_softmax_scale_last.c \
	checks/students/c40/s03_dger_per_sample.c \
	checks/students/c40/s04_transposed_world.c \
	checks/students/c40/s05_onehot_plus.c \
	checks/students/c40/s06_mean_twice_dW2.c \
	checks/students/c40/s07_beta_copy_paste.c \
	checks/students/c40/s08_inplace_mask_dp1.c \
	checks/students/c40/s09_mask_on_p1_ge.c \
	checks/students/c40/s10_relu_arg_dp1.c \
	checks/students/c40/s11_view_as_transpose.c \
	checks/students/c40/s12_db1_from_dp1.c \
	checks/students/c40/s13_l2_factor_helper.c \
	checks/students/c40/s14_mean_twice_dp1.c \
	checks/students/c40/s15_acc_outside_loop.c \
	checks/students/c40/s16_alpha_beta_swapped.c \
	checks/students/c41/s01_half_reg_globals.c \
	checks/students/c41/s02_per_sample.c \
	checks/students/c41/s03_divide_at_end.c \
	checks/students/c41/s04_fixed_arrays.c \
	checks/students/c41/s05_onehot_sign.c \
	checks/students/c41/s06_reg_once_dW2.c \
	checks/students/c41/s07_db2_helper_arr.c \
	checks/students/c41/s08_W2T_index.c \
	checks/students/c41/s09_mask_less.c \
	checks/students/c41/s10_onehot_from_1.c \
	checks/students/c41/s11_zero_copy_paste.c \
	checks/students/c41/s12_static_first_call.c \
	checks/students/c41/s13_inplace_dp1.c \
	checks/students/c41/s14_colsum_helper.c \
	checks/students/c41/s15_mask_typo_dz1.c \
	checks/students/c41/s16_dW1_mean_twice.c \
	checks/students/c42/s01_half_lambda.c \
	checks/students/c42/s02_stable_softmax_transpose.c \
	checks/students/c42/s03_layers_reused.c \
	checks/students/c42/s04_per_sample_outer.c \
	checks/students/c42/s05_onehot_sign.c \
	checks/students/c42/s06_softmax_axis.c \
	checks/students/c42/s07_reg_factor_W2.c \
	checks/students/c42/s08_db2_axis.c \
	checks/students/c42/s09_scale_inplace_W2.c \
	checks/students/c42/s10_relu_args_swapped.c \
	checks/students/c42/s11_mask_hidden_ge.c \
	checks/students/c42/s12_dW1_mean_twice.c \
	checks/students/c42/s13_transpose_helper.c \
	checks/students/c42/s14_db1_stale_tmp.c \
	checks/students/c42/s15_db1_reg.c \
	checks/students/c42/s16_dp1_unscaled.c \
	checks/students/c43/s01_one_pass_per_sample.c \
	checks/students/c43/s02_tda_walk_p1_mask.c \
	checks/students/c43/s03_macros_unroll4.c \
	checks/students/c43/s04_scale_last_flat.c \
	checks/students/c43/s05_onehot_plus_ternary.c \
	checks/students/c43/s06_flat_reg_skip_b1.c \
	checks/students/c43/s07_memset_short.c \
	checks/students/c43/s08_w2_walk_stride.c \
	checks/students/c43/s09_mask_p1_ge.c \
	checks/students/c43/s10_unroll2_hoist_copy.c \
	checks/students/c43/s11_unroll4_tail.c \
	checks/students/c43/s12_stale_local_dW2.c \
	checks/students/c43/s13_scratch_in_dz1.c \
	checks/students/c43/s14_ptr_in_ternary.c \
	checks/students/c43/s15_reg_in_sample_loop.c \
	checks/students/c43/s16_int_div.c \
	checks/students/c44/s01_plain_loops.c \
	checks/students/c44/s02_dgemm_flags.c \
	checks/students/c44/s03_raw_data_static.c \
	checks/students/c44/s04_helpers.c \
	checks/students/c44/s05_onehot_index.c \
	checks/students/c44/s06_dW2_from_z1.c \
	checks/students/c44/s07_db2_rowsum.c \
	checks/students/c44/s08_dp1_unscaled.c \
	checks/students/c44/s09_mask_cols.c \
	checks/students/c44/s10_relu_helper_args.c \
	checks/students/c44/s11_reg_in_sample_loop.c \
	checks/students/c44/s12_stride_mixup.c \
	checks/students/c44/s13_db1_bound.c \
	checks/students/c44/s14_w2_index.c \
	checks/students/c44/s15_int_mean.c \
	checks/students/c44/s16_reg_then_dgemm.c \
	checks/students/c45/s01_sample_views.c \
	checks/students/c45/s02_index_loops.c \
	checks/students/c45/s03_cached_workspace.c \
	checks/students/c45/s04_stage_table.c \
	checks/students/c45/s05_batch_constants.c \
	checks/students/c45/s06_target_vector.c \
	checks/students/c45/s07_layer_helpers.c \
	checks/students/c45/s08_regularise_output.c \
	checks/students/c45/s09_workspace_struct.c \
	checks/students/c45/s10_vectorised.c \
	checks/students/c45/s11_fired_units.c \
	checks/students/c45/s12_inplace_mask_helper.c \
	checks/students/c45/s13_two_passes.c \
	checks/students/c45/s14_explicit_loops_out.c \
	checks/students/c45/s15_scratch_block.c \
	checks/students/c45/s16_camel_case.c \
	checks/students/c46/s01_explicit_temps.c \
	checks/students/c46/s02_biases_first.c \
	checks/students/c46/s03_mixed_debug.c \
	checks/students/c46/s04_index_math.c \
	checks/students/c46/s05_ones_vector.c \
	checks/students/c46/s06_own_softmax.c \
	checks/students/c46/s07_grad_copies.c \
	checks/students/c46/s08_average_weights.c \
	checks/students/c46/s09_row_views.c \
	checks/students/c46/s10_delta_then_scale.c \
	checks/students/c46/s11_explicit_transposes.c \
	checks/students/c46/s12_sign_mask.c \
	checks/students/c46/s13_mask_calloc.c \
	checks/students/c46/s14_reg_at_end.c \
	checks/students/c46/s15_bias_grads_early.c \
	checks/students/c46/s16_named_sizes.c \
	checks/students/c47/s01_flat_idx.c \
	checks/students/c47/s02_nn_helpers.c \
	checks/students/c47/s03_camel_float.c \
	checks/students/c47/s04_global_scratch.c \
	checks/students/c47/s05_numpy_port.c \
	checks/students/c47/s06_row_views.c \
	checks/students/c47/s07_strides.c \
	checks/students/c47/s08_per_sample_acc.c \
	checks/students/c47/s09_static_sums.c \
	checks/students/c47/s10_ng_names.c \
	checks/students/c47/s11_transpose_get.c \
	checks/students/c47/s12_dead_units.c \
	checks/students/c47/s13_pointer_walk.c \
	checks/students/c47/s14_macro_kit.c \
	checks/students/c47/s15_float_acc.c \
	checks/students/c47/s16_one_pass.c \
	checks/students/c48/s01_loops.c \
	checks/students/c48/s02_blas.c \
	checks/students/c48/s03_views.c \
	checks/students/c48/s04_beta_mask.c \
	checks/students/c48/s05_scores.c \
	checks/students/c48/s06_size2.c \
	checks/students/c48/s07_z1_input.c \
	checks/students/c48/s08_half_reg.c \
	checks/students/c48/s09_running_sum.c \
	checks/students/c48/s10_dW_for_W.c \
	checks/students/c48/s11_inplace_relu.c \
	checks/students/c48/s12_relu_args.c \
	checks/students/c48/s13_relu_value.c \
	checks/students/c48/s14_no_reg_w1.c \
	checks/students/c48/s15_dp1_into_l1.c \
	checks/students/c48/s16_early_return.c \
	checks/students/c49/s01_numpy_like.c \
	checks/students/c49/s02_stack_views.c \
	checks/students/c49/s03_gnu_leaky.c \
	checks/students/c49/s04_transpose_first.c \
	checks/students/c49/s05_onehot_loop.c \
	checks/students/c49/s06_sub_order.c \
	checks/students/c49/s07_reg_factor.c \
	checks/students/c49/s08_hidden_alias.c \
	checks/students/c49/s09_bias_mean.c \
	checks/students/c49/s10_grad_for_weight.c \
	checks/students/c49/s11_reshape_T.c \
	checks/students/c49/s12_fired_mask.c \
	checks/students/c49/s13_drelu.c \
	checks/students/c49/s14_upstream_name.c \
	checks/students/c49/s15_wrong_temp.c \
	checks/students/c49/s16_bias_from_dh.c \
	checks/students/c50/s01_numpy_loops.c \
	checks/students/c50/s02_helpers.c \
	checks/students/c50/s03_blas_fixup.c \
	checks/students/c50/s04_rawdata_fused.c \
	checks/students/c50/s05_no_invN.c \
	checks/students/c50/s06_label_index.c \
	checks/students/c50/s07_z1_operand.c \
	checks/students/c50/s08_half_reg.c \
	checks/students/c50/s09_db2_nozero.c \
	checks/students/c50/s10_db2_bound.c \
	checks/students/c50/s11_swap_transpose.c \
	checks/students/c50/s12_mask_dp1.c \
	checks/students/c50/s13_inplace_dp1.c \
	checks/students/c50/s14_relu_grad.c \
	checks/students/c50/s15_no_reg_w1.c \
	checks/students/c50/s16_db1_dp1.c \
	checks/students/c51/s01_one_sweep.c \
	checks/students/c51/s02_cblas_beta.c \
	checks/students/c51/s03_unroll4.c \
	checks/students/c51/s04_tiled.c \
	checks/students/c51/s05_inv_classes.c \
	checks/students/c51/s06_plus_label.c \
	checks/students/c51/s07_noreg_w2.c \
	checks/students/c51/s08_tail_skip.c \
	checks/students/c51/s09_fused_db2.c \
	checks/students/c51/s10_row_sums.c \
	checks/students/c51/s11_notrans_w2.c \
	checks/students/c51/s12_inplace_gate.c \
	checks/students/c51/s13_gate_dp1.c \
	checks/students/c51/s14_gate_ptr.c \
	checks/students/c51/s15_block_tail.c \
	checks/students/c51/s16_memset_db1.c \
	checks/students/c52/s01_layer_table.c \
	checks/students/c52/s02_alloc_return.c \
	checks/students/c52/s03_inplace_flags.c \
	checks/students/c52/s04_reverse_list.c \
	checks/students/c52/s05_scores_for_probs.c \
	checks/students/c52/s06_sign_flip.c \
	checks/students/c52/s07_accumulate_flag.c \
	checks/students/c52/s08_two_dense.c \
	checks/students/c52/s09_bias_axis.c \
	checks/students/c52/s10_inplace_relu.c \
	checks/students/c52/s11_trans_flags.c \
	checks/students/c52/s12_relu_args.c \
	checks/students/c52/s13_mask_upstream.c \
	checks/students/c52/s14_layer_reg.c \
	checks/students/c52/s15_decay_in_branch.c \
	checks/students/c52/s16_bias_operand.c \
	checks/students/c53/s01_getset_loops.c \
	checks/students/c53/s02_blas_beta.c \
	checks/students/c53/s03_transpose_copy.c \
	checks/students/c53/s04_row_views_dger.c \
	checks/students/c53/s05_plain_loops.c \
	checks/students/c53/s06_loss_helper.c \
	checks/students/c53/s07_blas_temps.c \
	checks/students/c53/s08_affine_helper.c \
	checks/students/c53/s09_tabs_allman.c \
	checks/students/c53/s10_gnu_blas.c \
	checks/students/c53/s11_relu_helper.c \
	checks/students/c53/s12_raw_tda.c \
	checks/students/c53/s13_slides_blas.c \
	checks/students/c53/s14_add_reg_helper.c \
	checks/students/c53/s15_fused_loops.c \
	checks/students/c53/s16_ones_dgemv.c \
	checks/students/c54/s01_nabla_vla.c \
	checks/students/c54/s02_bishop_sens.c \
	checks/students/c54/s03_dger_views.c \
	checks/students/c54/s04_update_batch.c \
	checks/students/c54/s05_cost_deriv.c \
	checks/students/c54/s06_inv_batch.c \
	checks/students/c54/s07_zero_in_loop.c \
	checks/students/c54/s08_layer_helper.c \
	checks/students/c54/s09_zero_copypaste.c \
	checks/students/c54/s10_bias_bound.c \
	checks/students/c54/s11_dp_no_reset.c \
	checks/students/c54/s12_nielsen_wT.c \
	checks/students/c54/s13_active_units.c \
	checks/students/c54/s14_act_prime.c \
	checks/students/c54/s15_decay_in_loop.c \
	checks/students/c54/s16_bias_twice.c \
	checks/students/c55/s01_blas_mask.c \
	checks/students/c55/s02_kernel_rank1.c \
	checks/students/c55/s03_row_views.c \
	checks/students/c55/s04_flat_theta.c \
	checks/students/c55/s05_prob_inplace.c \
	checks/students/c55/s06_onehot_sub.c \
	checks/students/c55/s07_daxpy_decay.c \
	checks/students/c55/s08_beta_reg.c \
	checks/students/c55/s09_augmented.c \
	checks/students/c55/s10_row_bound.c \
	checks/students/c55/s11_beta_one.c \
	checks/students/c55/s12_din_bound.c \
	checks/students/c55/s13_mask_dp1.c \
	checks/students/c55/s14_alias_relu.c \
	checks/students/c55/s15_ld_dw1.c \
	checks/students/c55/s16_bias_dp1.c \
	checks/students/c56/s01_notes_residuals.c \
	checks/students/c56/s02_blas_ones.c \
	checks/students/c56/s03_explicit_t.c \
	checks/students/c56/s04_outer_products.c \
	checks/students/c56/s05_n_class.c \
	checks/students/c56/s06_onehot_cols.c \
	checks/students/c56/s07_half_reg.c \
	checks/students/c56/s08_no_zero.c \
	checks/students/c56/s09_mean_cols_b2.c \
	checks/students/c56/s10_last_obs.c \
	checks/students/c56/s11_dW2_for_W2.c \
	checks/students/c56/s12_mask_in_place.c \
	checks/students/c56/s13_relu_prime_A1.c \
	checks/students/c56/s14_mask_from_dp1.c \
	checks/students/c56/s15_crossprod_1n.c \
	checks/students/c56/s16_acc_db1.c \
	checks/students/c57/s01_generic_matmul.c \
	checks/students/c57/s02_column_major_port.c \
	checks/students/c57/s03_per_sample_sgd.c \
	checks/students/c57/s04_rank1_updates.c \
	checks/students/c57/s05_mse_delta.c \
	checks/students/c57/s06_target_minus_output.c \
	checks/students/c57/s07_ng_one_over_m.c \
	checks/students/c57/s08_blas_wrapper.c \
	checks/students/c57/s09_numpy_axis.c \
	checks/students/c57/s10_out_by_in.c \
	checks/students/c57/s11_ptr_accumulate.c \
	checks/students/c57/s12_layer_config.c \
	checks/students/c57/s13_row_views_mask.c \
	checks/students/c57/s14_weight_decay.c \
	checks/students/c57/s15_whole_matrix_ops.c \
	checks/students/c57/s16_ones_column.c \
	checks/students/c58/s01_scratch_blas.c \
	checks/students/c58/s02_raw_arena.c \
	checks/students/c58/s03_views_dger.c \
	checks/students/c58/s04_explicit_transpose.c \
	checks/students/c58/s05_label_sign.c \
	checks/students/c58/s06_wrong_copy.c \
	checks/students/c58/s07_half_reg.c \
	checks/students/c58/s08_reg_discarded.c \
	checks/students/c58/s09_bias_before_scale.c \
	checks/students/c58/s10_scaled_w2_copy.c \
	checks/students/c58/s11_row_offset.c \
	checks/students/c58/s12_mask_overwritten.c \
	checks/students/c58/s13_mask_on_dp1.c \
	checks/students/c58/s14_early_free.c \
	checks/students/c58/s15_shared_wbuf.c \
	checks/students/c58/s16_sums_reused.c \
	checks/students/c59/s01_flat_countdown.c \
	checks/students/c59/s02_kernel_getset.c \
	checks/students/c59/s03_blas_views.c \
	checks/students/c59/s04_per_sample.c \
	checks/students/c59/s05_no_mean.c \
	checks/students/c59/s06_skip_first.c \
	checks/students/c59/s07_p1_stride.c \
	checks/students/c59/s08_reg_once.c \
	checks/students/c59/s09_acc_not_reset.c \
	checks/students/c59/s10_late_store.c \
	checks/students/c59/s11_w2_stride.c \
	checks/students/c59/s12_mask_cast.c \
	checks/students/c59/s13_mask_on_dp1.c \
	checks/students/c59/s14_wbuf_memset.c \
	checks/students/c59/s15_no_reg_w1.c \
	checks/students/c59/s16_sum_clear_short.c \
	checks/students/c60/s01_matlab_helpers.c \
	checks/students/c60/s02_blas_transposes.c \
	checks/students/c60/s03_fortran_index.c \
	checks/students/c60/s04_columns_transposed.c \
	checks/students/c60/s05_sub2ind_onehot.c \
	checks/students/c60/s06_scaled_onehot.c \
	checks/students/c60/s07_reg_scale_swap.c \
	checks/students/c60/s08_z1_for_a1.c \
	checks/students/c60/s09_sum_dim2.c \
	checks/students/c60/s10_mean_db2.c \
	checks/students/c60/s11_reshape_w2t.c \
	checks/students/c60/s12_dw2t_for_w2t.c \
	checks/students/c60/s13_mask_before_step.c \
	checks/students/c60/s14_times_a1.c \
	checks/students/c60/s15_do_loop_bound.c \
	checks/students/c60/s16_running_sum.c \
	checks/students/c61/s01_layer_table.c \
	checks/students/c61/s02_kind_switch.c \
	checks/students/c61/s03_blas_bias_layers.c \
	checks/students/c61/s04_linked_l2_node.c \
	checks/students/c61/s05_softmax_saved_input.c \
	checks/students/c61/s06_no_batch_mean.c \
	checks/students/c61/s07_decay_on_wrong_entry.c \
	checks/students/c61/s08_fc2_wired_to_preact.c \
	checks/students/c61/s09_fused_output_bias.c \
	checks/students/c61/s10_matmul_flag_din.c \
	checks/students/c61/s11_din_through_grad.c \
	checks/students/c61/s12_activation_fallthrough.c \
	checks/students/c61/s13_relu_on_gradient.c \
	checks/students/c61/s14_decay_loop_off_by_one.c \
	checks/students/c61/s15_padded_input_memcpy.c \
	checks/students/c61/s16_bias_layer_order.c \
	checks/students/c62/s01_macro_loops.c \
	checks/students/c62/s02_tda_fused.c \
	checks/students/c62/s03_blas.c \
	checks/students/c62/s04_one_pass.c \
	checks/students/c62/s05_no_mean.c \
	checks/students/c62/s06_macro_prec.c \
	checks/students/c62/s07_half_reg.c \
	checks/students/c62/s08_p1_index.c \
	checks/students/c62/s09_db2_mean.c \
	checks/students/c62/s10_case_typo.c \
	checks/students/c62/s11_fused_dp1.c \
	checks/students/c62/s12_ternary_swap.c \
	checks/students/c62/s13_mask_dp1.c \
	checks/students/c62/s14_off_by_one.c \
	checks/students/c62/s15_reg_in_loop.c \
	checks/students/c62/s16_fused_db1.c \
	checks/students/c63/s01_forward_again_loops.c \
	checks/students/c63/s02_dgemm_check.c \
	checks/students/c63/s03_raw_tda_nomax.c \
	checks/students/c63/s04_camel_hidden_only.c \
	checks/students/c63/s05_exp_no_norm.c \
	checks/students/c63/s06_softmax_columns.c \
	checks/students/c63/s07_hidden_no_bias.c \
	checks/students/c63/s08_no_reg_w2.c \
	checks/students/c63/s09_db2_from_probs.c \
	checks/students/c63/s10_mask_in_dp1.c \
	checks/students/c63/s11_dp1_unscaled.c \
	checks/students/c63/s12_mask_before_bias.c \
	checks/students/c63/s13_mask_on_dp1.c \
	checks/students/c63/s14_reg_w1_no_two.c \
	checks/students/c63/s15_dw1_from_dp1.c \
	checks/students/c63/s16_db1_mean.c \
	checks/students/c64/s01_getset_loops.c \
	checks/students/c64/s02_useblas_flag.c \
	checks/students/c64/s03_rawdata_tda.c \
	checks/students/c64/s04_views_helpers.c \
	checks/students/c64/s05_dz2_twice_N.c \
	checks/students/c64/s06_dW2_reshape.c \
	checks/students/c64/s07_db2_dgemv_mean.c \
	checks/students/c64/s08_dp1_stale_flag.c \
	checks/students/c64/s09_dz1_mask_dp1.c \
	checks/students/c64/s10_dW1_half_fix.c \
	checks/students/c64/s11_db1_half_fix.c \
	checks/students/c64/s12_mask_wrong_buffer.c \
	checks/students/c64/s13_dW2_beta_one.c \
	checks/students/c64/s14_dz1_debug_half.c \
	checks/students/c64/s15_dz2_copy_overwrite.c \
	checks/students/c64/s16_dW1_uses_dp1.c \
	checks/students/c65/s01_inplace_gnu.c \
	checks/students/c65/s02_ptrwalk_kr.c \
	checks/students/c65/s03_scratch_views.c \
	checks/students/c65/s04_rowviews_static.c \
	checks/students/c65/s05_mask_then_copy.c \
	checks/students/c65/s06_dz2_scaled_twice.c \
	checks/students/c65/s07_dW1_scale_after_reg.c \
	checks/students/c65/s08_dW2_beta1_garbage.c \
	checks/students/c65/s09_db1_stride.c \
	checks/students/c65/s10_db2_row_view.c \
	checks/students/c65/s11_mask_sign.c \
	checks/students/c65/s12_l2_helper_no2.c \
	checks/students/c65/s13_db1_mean.c \
	checks/students/c65/s14_label_one_minus_p.c \
	checks/students/c65/s15_db2_before_scale.c \
	checks/students/c65/s16_mul_elements_p1.c \
	checks/students/c66/s01_getset_loops.c \
	checks/students/c66/s02_blas_dgemv.c \
	checks/students/c66/s03_rawdata_helpers.c \
	checks/students/c66/s04_dger_temps.c \
	checks/students/c66/s05_dW2_invn_twice.c \
	checks/students/c66/s06_dz2_minus_one_after_scale.c \
	checks/students/c66/s07_db2_mean.c \
	checks/students/c66/s08_dp1_dW2_for_W2.c \
	checks/students/c66/s09_dz1_mask_on_dp1.c \
	checks/students/c66/s10_dW1_reg_half.c \
	checks/students/c66/s11_db1_bound_C.c \
	checks/students/c66/s12_dW2_z1_for_p1.c \
	checks/students/c66/s13_dW1_dp1_for_dz1.c \
	checks/students/c66/s14_dz2_z2_for_prob.c \
	checks/students/c66/s15_dz1_times_p1.c \
	checks/students/c66/s16_db1_reg_on_b1.c \
	checks/students/c67/s01_physicist.c \
	checks/students/c67/s02_embedded_float.c \
	checks/students/c67/s03_kernel_goto.c \
	checks/students/c67/s04_colviews_ddot.c \
	checks/students/c67/s05_unroll2_float.c \
	checks/students/c67/s06_while_ptr.c \
	checks/students/c67/s07_pyhelpers.c \
	checks/students/c67/s08_java_helpers.c \
	checks/students/c67/s09_fused_loop.c \
	checks/students/c67/s10_ternary_comma.c \
	checks/students/c67/s11_index_macros.c \
	checks/students/c67/s12_vla2d.c \
	checks/students/c67/s13_view_vla.c \
	checks/students/c67/s14_blas_beta.c \
	checks/students/c67/s15_fortran.c \
	checks/students/c67/s16_callbacks.c \
	checks/students/c68/s01_columns_blas.c \
	checks/students/c68/s02_trans_flags.c \
	checks/students/c68/s03_loops_onehot.c \
	checks/students/c68/s04_ng_one_over_m.c \
	checks/students/c68/s05_m_twice_dW2.c \
	checks/students/c68/s06_no_m.c \
	checks/students/c68/s07_lambd_over_m.c \
	checks/students/c68/s08_dW1_reshaped.c \
	checks/students/c68/s09_db2_axis.c \
	checks/students/c68/s10_W2_view_reshape.c \
	checks/students/c68/s11_mask_A1_ge0.c \
	checks/students/c68/s12_db1_m_twice.c \
	checks/students/c68/s13_onehot_swapped.c \
	checks/students/c68/s14_dW2_for_W2.c \
	checks/students/c68/s15_relu_prime.c \
	checks/students/c68/s16_db1_from_dA1.c \
	checks/students/c69/s01_oneliners.c \
	checks/students/c69/s02_blas_aliases.c \
	checks/students/c69/s03_rawdata.c \
	checks/students/c69/s04_helpers.c \
	checks/students/c69/s05_dz2_yj.c \
	checks/students/c69/s06_dW2_reg.c \
	checks/students/c69/s07_db2_reset.c \
	checks/students/c69/s08_dp1_dW2.c \
	checks/students/c69/s09_dz1_mask.c \
	checks/students/c69/s10_dW1_assign.c \
	checks/students/c69/s11_db1_bound.c \
	checks/students/c69/s12_colmean.c \
	checks/students/c69/s13_dW1_paste.c \
	checks/students/c69/s14_dz2_sign.c \
	checks/students/c69/s15_dW1_regsign.c \
	checks/students/c69/s16_dp1_bound.c \
	checks/students/c70/s01_arrays_blas.c \
	checks/students/c70/s02_struct_while.c \
	checks/students/c70/s03_onebased_switch.c \
	checks/students/c70/s04_layer_helpers.c \
	checks/students/c70/s05_relu_every_layer.c \
	checks/students/c70/s06_hidden_cond.c \
	checks/students/c70/s07_dA_from_dW.c \
	checks/students/c70/s08_reg_last_only.c \
	checks/students/c70/s09_scale_every_layer.c \
	checks/students/c70/s10_db_before_relu.c \
	checks/students/c70/s11_bias_loop_skip.c \
	checks/students/c70/s12_table_z1.c \
	checks/students/c70/s13_db_mean.c \
	checks/students/c70/s14_reg_half.c \
	checks/students/c70/s15_dp1_after_mask.c \
	checks/students/c70/s16_no_invN.c \
	checks/students/c71/s01_float_buffers.c \
	checks/students/c71/s02_vla_unroll.c \
	checks/students/c71/s03_sgemm.c \
	checks/students/c71/s04_soa_restrict.c \
	checks/students/c71/s05_db1_no_tail.c \
	checks/students/c71/s06_dW2_tail_start.c \
	checks/students/c71/s07_dW1_stride.c \
	checks/students/c71/s08_dz2_int_div.c \
	checks/students/c71/s09_dz2_inplace_max.c \
	checks/students/c71/s10_dp1_soa_swap.c \
	checks/students/c71/s11_dz1_fmaxf.c \
	checks/students/c71/s12_dW1_reg_no2.c \
	checks/students/c71/s13_dz1_mask_dp1.c \
	checks/students/c71/s14_db2_mean.c \
	checks/students/c71/s15_dW2_reg_sign.c \
	checks/students/c71/s16_db2_lanes.c \
	checks/students/c72/s01_amara_loops.c \
	checks/students/c72/s02_ben_blas.c \
	checks/students/c72/s03_chiara_raw.c \
	checks/students/c72/s04_dmitri_layers.c \
	checks/students/c72/s05_emre_onehot.c \
	checks/students/c72/s06_fatima_intdiv.c \
	checks/students/c72/s07_gus_slides.c \
	checks/students/c72/s08_hana_macros.c \
	checks/students/c72/s09_ivan_preact.c \
	checks/students/c72/s10_jules_views.c \
	checks/students/c72/s11_kofi_mask.c \
	checks/students/c72/s12_lena_memcpy.c \
	checks/students/c72/s13_marco_alphabeta.c \
	checks/students/c72/s14_nadia_helpers.c \
	checks/students/c72/s15_oscar_acc.c \
	checks/students/c72/s16_priya_colsum.c \
	checks/students/c73/s01_loops_everywhere.c \
	checks/students/c73/s02_helper_per_formula.c \
	checks/students/c73/s03_blas_temporaries.c \
	checks/students/c73/s04_raw_arrays.c \
	checks/students/c73/s05_dz2_wrong_intermediate.c \
	checks/students/c73/s06_dp1_loop_bound.c \
	checks/students/c73/s07_dz1_realloc_temp.c \
	checks/students/c73/s08_dW2_reg_pasted_twice.c \
	checks/students/c73/s09_db2_averaged_twice.c \
	checks/students/c73/s10_dW1_reg_wrong_temp.c \
	checks/students/c73/s11_db1_before_relu.c \
	checks/students/c73/s12_dW2_before_relu.c \
	checks/students/c73/s13_dp1_probabilities.c \
	checks/students/c73/s14_dz2_scaled_probs.c \
	checks/students/c73/s15_db2_rows_loop.c \
	checks/students/c73/s16_reg_helper_no_two.c \
	checks/students/c74/s01_template_blas.c \
	checks/students/c74/s02_row_pointers.c \
	checks/students/c74/s03_outer_products.c \
	checks/students/c74/s04_derivations.c \
	checks/students/c74/s05_c89_letters.c \
	checks/students/c74/s06_numpy_port.c \
	checks/students/c74/s07_matrix_ops.c \
	checks/students/c74/s08_views_ddot.c \
	checks/students/c74/s09_aliases.c \
	checks/students/c74/s10_ternaries.c \
	checks/students/c74/s11_reshape.c \
	checks/students/c74/s12_raw_tda.c \
	checks/students/c74/s13_mask_matrix.c \
	checks/students/c74/s14_raw_helpers.c \
	checks/students/c74/s15_macros.c \
	checks/students/c74/s16_transpose_copy.c \
	checks/students/c75/s01_blas.c \
	checks/students/c75/s02_rawloops.c \
	checks/students/c75/s03_views.c \
	checks/students/c75/s04_macros.c \
	checks/students/c75/s05_intdiv.c \
	checks/students/c75/s06_regparen.c \
	checks/students/c75/s07_db2start.c \
	checks/students/c75/s08_mmflag.c \
	checks/students/c75/s09_ternary.c \
	checks/students/c75/s10_regsign.c \
	checks/students/c75/s11_db1member.c \
	checks/students/c75/s12_shiftalias.c \
	checks/students/c75/s13_intmask.c \
	checks/students/c75/s14_dW2index.c \
	checks/students/c75/s15_inplace.c \
	checks/students/c75/s16_ptrinc.c \
	checks/students/c76/s01_graph_gsl.c \
	checks/students/c76/s02_arrays_kr.c \
	checks/students/c76/s03_blas_jac.c \
	checks/students/c76/s04_raw_macros.c \
	checks/students/c76/s05_no_delta.c \
	checks/students/c76/s06_jac_pk.c \
	checks/students/c76/s07_row_pointer.c \
	checks/students/c76/s08_l2_helper.c \
	checks/students/c76/s09_mean_twice.c \
	checks/students/c76/s10_db2_mean.c \
	checks/students/c76/s11_label_column.c \
	checks/students/c76/s12_four_index.c \
	checks/students/c76/s13_relu_p1.c \
	checks/students/c76/s14_relu_full_jac.c \
	checks/students/c76/s15_reg_per_sample.c \
	checks/students/c76/s16_db1_before_relu.c \
	checks/students/c77/s01_blas_chunk4.c \
	checks/students/c77/s02_rawloops_chunk3.c \
	checks/students/c77/s03_helper_chunk2.c \
	checks/students/c77/s04_localsums_chunk4.c \
	checks/students/c77/s05_skip_tail.c \
	checks/students/c77/s06_drop_last.c \
	checks/students/c77/s07_chunk_mean.c \
	checks/students/c77/s08_penalty_each_chunk.c \
	checks/students/c77/s09_beta_zero.c \
	checks/students/c77/s10_reset_in_loop.c \
	checks/students/c77/s11_z1_view.c \
	checks/students/c77/s12_x_offset.c \
	checks/students/c77/s13_mask_dp1.c \
	checks/students/c77/s14_db1_mean.c \
	checks/students/c77/s15_reg_no2.c \
	checks/students/c77/s16_dz2_offset.c \
	checks/students/c78/s01_gnu_loops.c \
	checks/students/c78/s02_blas_trans.c \
	checks/students/c78/s03_row_views.c \
	checks/students/c78/s04_malloc_arrays.c \
	checks/students/c78/s05_helpers.c \
	checks/students/c78/s06_macros.c \
	checks/students/c78/s07_long_steps.c \
	checks/students/c78/s08_int_size_t.c \
	checks/students/c78/s09_float_tmp.c \
	checks/students/c78/s10_raw_tda.c \
	checks/students/c78/s11_blas_beta.c \
	checks/students/c78/s12_inplace.c \
	checks/students/c78/s13_view_dgemv.c \
	checks/students/c78/s14_kr_compact.c \
	checks/students/c78/s15_consts.c \
	checks/students/c78/s16_per_sample.c \
	checks/students/c79/s01_matrix_struct.c \
	checks/students/c79/s02_snake_helpers.c \
	checks/students/c79/s03_contiguous_rows.c \
	checks/students/c79/s04_blas_and_arrays.c \
	checks/students/c79/s05_java_arrays.c \
	checks/students/c79/s06_matrix_methods.c \
	checks/students/c79/s07_docstring_matmul.c \
	checks/students/c79/s08_matrix_pointers.c \
	checks/students/c79/s09_row_copy.c \
	checks/students/c79/s10_struct_copy_scale.c \
	checks/students/c79/s11_macros_tda.c \
	checks/students/c79/s12_reshape_transpose.c \
	checks/students/c79/s13_flat_copyback.c \
	checks/students/c79/s14_sum_into_g.c \
	checks/students/c79/s15_copyback_member.c \
	checks/students/c79/s16_int_division.c
SANDBOX_CC = $(CC) -O0 -shared -fPIC -I$(top_srcdir)/src $(GSL_CFLAGS)
checks/sandbox/stamp: $(SANDBOX_STUDENTS) $(SANDBOX_SETS) \
		checks/sandbox-hostile.c
	$(AM_V_GEN)$(MKDIR_P) checks/sandbox && \
	for src in $(SANDBOX_STUDENTS) checks/sandbox-hostile.c \
	    $(SANDBOX_SETS); do \
	  dir=checks/sandbox/`echo "$$src" | sed -n 's|.*/\(c[1-9][0-9]*\)/.*|\1|p'`; \
	  base=`echo "$$src" | sed 's|.*/||; s|\.c$$||'`; \
	  $(MKDIR_P) $$dir && \
	  $(SANDBOX_CC) -g -o $$dir/$$base.so $(srcdir)/$$src || exit 1; \
	done && \
	$(SANDBOX_CC) -o checks/sandbox/c02-ptr-nodebug.so \
	  $(srcdir)/checks/students/c/c02-ptr.c && \
	touch $@
clean-local: clean-sandbox
clean-sandbox:
	-rm -rf checks/sandbox
.PHONY: clean-sandbox
EXTRA_DIST += $(SANDBOX_STUDENTS) checks/sandbox-hostile.c \
	checks/students/score-c.sh \
	checks/students/c/README checks/students/c/labels.tsv \
	checks/students/c/build.sh checks/students/c/label.c \
	$(SANDBOX_SETS) checks/students/c2/probe/dump.c \
	checks/students/c2/README checks/students/c2/labels.tsv \
	checks/students/c2/build.sh checks/students/c2/label.c \
	checks/students/c2/score.sh \
	checks/students/c3/README checks/students/c3/labels.tsv \
	checks/students/c3/build.sh checks/students/c3/label.c \
	checks/students/c3/score.sh \
	checks/students/c4/README checks/students/c4/labels.tsv \
	checks/students/c4/build.sh checks/students/c4/label.c \
	checks/students/c4/score.sh \
	checks/students/c5/README checks/students/c5/labels.tsv \
	checks/students/c5/build.sh checks/students/c5/label.c \
	checks/students/c5/score.sh \
	checks/students/c6/README checks/students/c6/labels.tsv \
	checks/students/c6/build.sh checks/students/c6/label.c \
	checks/students/c6/score.sh \
	checks/students/c7/README checks/students/c7/labels.tsv \
	checks/students/c7/build.sh checks/students/c7/label.c \
	checks/students/c7/score.sh \
	checks/students/c8/README checks/students/c8/labels.tsv \
	checks/students/c8/build.sh checks/students/c8/label.c \
	checks/students/c8/score.sh \
	checks/students/c9/README checks/students/c9/labels.tsv \
	checks/students/c9/build.sh checks/students/c9/label.c \
	checks/students/c9/score.sh \
	checks/students/c10/README checks/students/c10/labels.tsv \
	checks/students/c10/build.sh checks/students/c10/label.c \
	checks/students/c10/score.sh \
	checks/students/c11/README checks/students/c11/labels.tsv \
	checks/students/c11/build.sh checks/students/c11/label.c \
	checks/students/c11/score.sh \
	checks/students/c12/README checks/students/c12/labels.tsv \
	checks/students/c12/build.sh checks/students/c12/label.c \
	checks/students/c12/score.sh \
	checks/students/c13/README checks/students/c13/labels.tsv \
	checks/students/c13/build.sh checks/students/c13/label.c \
	checks/students/c13/score.sh \
	checks/students/c14/README checks/students/c14/labels.tsv \
	checks/students/c14/build.sh checks/students/c14/label.c \
	checks/students/c14/score.sh \
	checks/students/c15/README checks/students/c15/labels.tsv \
	checks/students/c15/build.sh checks/students/c15/label.c \
	checks/students/c15/score.sh checks/students/c15/label.sh \
	checks/students/c16/README checks/students/c16/labels.tsv \
	checks/students/c16/build.sh checks/students/c16/label.c \
	checks/students/c16/score.sh \
	checks/students/c17/README checks/students/c17/labels.tsv \
	checks/students/c17/build.sh checks/students/c17/label.c \
	checks/students/c17/score.sh \
	checks/students/c18/README checks/students/c18/labels.tsv \
	checks/students/c18/build.sh checks/students/c18/label.c \
	checks/students/c18/score.sh \
	checks/students/c19/README checks/students/c19/labels.tsv \
	checks/students/c19/build.sh checks/students/c19/label.c \
	checks/students/c19/score.sh \
	checks/students/c20/README checks/students/c20/labels.tsv \
	checks/students/c20/build.sh checks/students/c20/label.c \
	checks/students/c20/score.sh \
	checks/students/c21/README checks/students/c21/labels.tsv \
	checks/students/c21/build.sh checks/students/c21/label.c \
	checks/students/c21/score.sh \
	checks/students/c22/README checks/students/c22/labels.tsv \
	checks/students/c22/build.sh checks/students/c22/label.c \
	checks/students/c22/score.sh \
	checks/students/c23/README checks/students/c23/labels.tsv \
	checks/students/c23/build.sh checks/students/c23/label.c \
	checks/students/c23/score.sh \
	checks/students/c24/README checks/students/c24/labels.tsv \
	checks/students/c24/build.sh checks/students/c24/label.c \
	checks/students/c24/score.sh \
	checks/students/c25/README checks/students/c25/labels.tsv \
	checks/students/c25/build.sh checks/students/c25/label.c \
	checks/students/c25/score.sh \
	checks/students/c26/README checks/students/c26/labels.tsv \
	checks/students/c26/build.sh checks/students/c26/label.c \
	checks/students/c26/score.sh \
	checks/students/c28/README checks/students/c28/labels.tsv \
	checks/students/c28/build.sh checks/students/c28/label.c \
	checks/students/c28/score.sh \
	checks/students/c29/README checks/students/c29/labels.tsv \
	checks/students/c29/build.sh checks/students/c29/label.c \
	checks/students/c29/score.sh \
	checks/students/c30/README checks/students/c30/labels.tsv \
	checks/students/c30/build.sh checks/students/c30/label.c \
	checks/students/c30/score.sh \
	checks/students/c31/README checks/students/c31/labels.tsv \
	checks/students/c31/build.sh checks/students/c31/label.c \
	checks/students/c31/score.sh \
	checks/students/c32/README checks/students/c32/labels.tsv \
	checks/students/c32/build.sh checks/students/c32/label.c \
	checks/students/c32/score.sh \
	checks/students/c33/README checks/students/c33/labels.tsv \
	checks/students/c33/build.sh checks/students/c33/label.c \
	checks/students/c33/score.sh \
	checks/students/c34/README checks/students/c34/labels.tsv \
	checks/students/c34/build.sh checks/students/c34/label.c \
	checks/students/c34/score.sh \
	checks/students/c35/README checks/students/c35/labels.tsv \
	checks/students/c35/build.sh checks/students/c35/label.c \
	checks/students/c35/score.sh \
	checks/students/c36/README checks/students/c36/labels.tsv \
	checks/students/c36/build.sh checks/students/c36/label.c \
	checks/students/c36/score.sh \
	checks/students/c37/README checks/students/c37/labels.tsv \
	checks/students/c37/build.sh checks/students/c37/label.c \
	checks/students/c37/score.sh \
	checks/students/c38/README checks/students/c38/labels.tsv \
	checks/students/c38/build.sh checks/students/c38/label.c \
	checks/students/c38/score.sh \
	checks/students/c39/README checks/students/c39/labels.tsv \
	checks/students/c39/build.sh checks/students/c39/label.c \
	checks/students/c39/score.sh \
	checks/students/c40/README checks/students/c40/labels.tsv \
	checks/students/c40/build.sh checks/students/c40/label.c \
	checks/students/c40/score.sh \
	checks/students/c41/README checks/students/c41/labels.tsv \
	checks/students/c41/build.sh checks/students/c41/label.c \
	checks/students/c41/score.sh \
	checks/students/c42/README checks/students/c42/labels.tsv \
	checks/students/c42/build.sh checks/students/c42/label.c \
	checks/students/c42/score.sh \
	checks/students/c43/README checks/students/c43/labels.tsv \
	checks/students/c43/build.sh checks/students/c43/label.c \
	checks/students/c43/score.sh \
	checks/students/c44/README checks/students/c44/labels.tsv \
	checks/students/c44/build.sh checks/students/c44/label.c \
	checks/students/c44/score.sh \
	checks/students/c45/README checks/students/c45/labels.tsv \
	checks/students/c45/build.sh checks/students/c45/label.c \
	checks/students/c45/score.sh \
	checks/students/c46/README checks/students/c46/labels.tsv \
	checks/students/c46/build.sh checks/students/c46/label.c \
	checks/students/c46/score.sh \
	checks/students/c47/README checks/students/c47/labels.tsv \
	checks/students/c47/build.sh checks/students/c47/label.c \
	checks/students/c47/score.sh \
	checks/students/c48/README checks/students/c48/labels.tsv \
	checks/students/c48/build.sh \
	checks/students/c48/score.sh \
	checks/students/c49/README checks/students/c49/labels.tsv \
	checks/students/c49/build.sh \
	checks/students/c49/score.sh \
	checks/students/c50/README checks/students/c50/labels.tsv \
	checks/students/c50/build.sh \
	checks/students/c50/score.sh \
	checks/students/c51/README checks/students/c51/labels.tsv \
	checks/students/c51/build.sh \
	checks/students/c51/score.sh \
	checks/students/c52/README checks/students/c52/labels.tsv \
	checks/students/c52/build.sh \
	checks/students/c52/score.sh \
	checks/students/c53/README checks/students/c53/labels.tsv \
	checks/students/c53/build.sh \
	checks/students/c53/score.sh \
	checks/students/c54/README checks/students/c54/labels.tsv \
	checks/students/c54/build.sh \
	checks/students/c54/score.sh \
	checks/students/c55/README checks/students/c55/labels.tsv \
	checks/students/c55/build.sh \
	checks/students/c55/score.sh \
	checks/students/c56/README checks/students/c56/labels.tsv \
	checks/students/c56/build.sh \
	checks/students/c56/score.sh \
	checks/students/c57/README checks/students/c57/labels.tsv \
	checks/students/c57/build.sh \
	checks/students/c57/score.sh \
	checks/students/c58/README checks/students/c58/labels.tsv \
	checks/students/c58/build.sh \
	checks/students/c58/score.sh \
	checks/students/c59/README checks/students/c59/labels.tsv \
	checks/students/c59/build.sh \
	checks/students/c59/score.sh \
	checks/students/c60/README checks/students/c60/labels.tsv \
	checks/students/c60/build.sh \
	checks/students/c60/score.sh \
	checks/students/c61/README checks/students/c61/labels.tsv \
	checks/students/c61/build.sh \
	checks/students/c61/score.sh \
	checks/students/c62/README checks/students/c62/labels.tsv \
	checks/students/c62/build.sh \
	checks/students/c62/score.sh \
	checks/students/c63/README checks/students/c63/labels.tsv \
	checks/students/c63/build.sh \
	checks/students/c63/score.sh \
	checks/students/c64/README checks/students/c64/labels.tsv \
	checks/students/c64/build.sh \
	checks/students/c64/score.sh \
	checks/students/c65/README checks/students/c65/labels.tsv \
	checks/students/c65/build.sh \
	checks/students/c65/score.sh \
	checks/students/c66/README checks/students/c66/labels.tsv \
	checks/students/c66/build.sh \
	checks/students/c66/score.sh \
	checks/students/c67/README checks/students/c67/labels.tsv \
	checks/students/c67/build.sh \
	checks/students/c67/score.sh \
	checks/students/c68/README checks/students/c68/labels.tsv \
	checks/students/c68/build.sh \
	checks/students/c68/score.sh \
	checks/students/c69/README checks/students/c69/labels.tsv \
	checks/students/c69/build.sh \
	checks/students/c69/score.sh \
	checks/students/c70/README checks/students/c70/labels.tsv \
	checks/students/c70/build.sh \
	checks/students/c70/score.sh \
	checks/students/c71/README checks/students/c71/labels.tsv \
	checks/students/c71/build.sh \
	checks/students/c71/score.sh \
	checks/students/c72/README checks/students/c72/labels.tsv \
	checks/students/c72/build.sh \
	checks/students/c72/score.sh \
	checks/students/c73/README checks/students/c73/labels.tsv \
	checks/students/c73/build.sh \
	checks/students/c73/score.sh \
	checks/students/c74/README checks/students/c74/labels.tsv \
	checks/students/c74/build.sh \
	checks/students/c74/score.sh \
	checks/students/c75/README checks/students/c75/labels.tsv \
	checks/students/c75/build.sh \
	checks/students/c75/score.sh \
	checks/students/c76/README checks/students/c76/labels.tsv \
	checks/students/c76/build.sh \
	checks/students/c76/score.sh \
	checks/students/c77/README checks/students/c77/labels.tsv \
	checks/students/c77/build.sh \
	checks/students/c77/score.sh \
	checks/students/c78/README checks/students/c78/labels.tsv \
	checks/students/c78/build.sh \
	checks/students/c78/score.sh \
	checks/students/c79/README checks/students/c79/labels.tsv \
	checks/students/c79/build.sh \
	checks/students/c79/score.sh
