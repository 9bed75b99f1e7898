/* backward.c -- Ana Lucia Torres, assignment 2
 *
 * Forward pass recomputed into my own GSL matrices (hidden, scores,
 * probs), backward from those.  Weight gradients as sums of per-sample
 * outer products with dger, which is what the lecture slide shows:
 *     dW = sum_i  x_i  delta_i^T
 */
#include <math.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, H = net->H, C = net->C;
    gsl_matrix *pre = gsl_matrix_alloc(N, H);
    gsl_matrix *hidden = gsl_matrix_alloc(N, H);
    gsl_matrix *scores = gsl_matrix_alloc(N, C);
    gsl_matrix *probs = gsl_matrix_alloc(N, C);
    gsl_matrix *penalty;
    (void) cache;

    /* ===== forward ===== */
    for (size_t i = 0; i < N; i++) {
        gsl_vector_view r = gsl_matrix_row(pre, i);
        gsl_vector_memcpy(&r.vector, net->b1);
    }
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, X, net->W1, 1.0, pre);
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < H; j++)
            gsl_matrix_set(hidden, i, j, fmax(0.0, gsl_matrix_get(pre, i, j)));

    for (size_t i = 0; i < N; i++) {
        gsl_vector_view r = gsl_matrix_row(scores, i);
        gsl_vector_memcpy(&r.vector, net->b2);
    }
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, hidden, net->W2, 1.0, scores);
    for (size_t i = 0; i < N; i++) {
        gsl_vector_view s = gsl_matrix_row(scores, i);
        gsl_vector_view p = gsl_matrix_row(probs, i);
        double mx = gsl_vector_max(&s.vector), tot = 0.0;
        for (size_t c = 0; c < C; c++) {
            double e = exp(gsl_vector_get(&s.vector, c) - mx);
            gsl_vector_set(&p.vector, c, e);
            tot += e;
        }
        gsl_vector_scale(&p.vector, 1.0 / tot);
    }

    /* ===== backward ===== */
    gsl_matrix_memcpy(g->dz2, probs);
    for (size_t i = 0; i < N; i++)
        gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1.0);
    gsl_matrix_scale(g->dz2, 1.0 / N);

    gsl_matrix_set_zero(g->dW2);
    gsl_vector_set_zero(g->db2);
    for (size_t i = 0; i < N; i++) {
        gsl_vector_view h_i = gsl_matrix_row(hidden, i);
        gsl_vector_view d_i = gsl_matrix_row(g->dz2, i);
        gsl_blas_dger(1.0, &h_i.vector, &d_i.vector, g->dW2);
        gsl_vector_add(g->db2, &d_i.vector);
    }
    penalty = gsl_matrix_alloc(H, C);
    gsl_matrix_memcpy(penalty, net->W2);
    gsl_matrix_scale(penalty, 2.0 * reg);
    gsl_matrix_add(g->dW2, penalty);
    gsl_matrix_free(penalty);

    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
    gsl_matrix_memcpy(g->dz1, g->dp1);
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < H; j++)
            if (gsl_matrix_get(pre, i, j) <= 0.0)
                gsl_matrix_set(g->dz1, i, j, 0.0);

    gsl_vector_set_zero(g->db1);
    for (size_t i = 0; i < N; i++) {
        gsl_vector_const_view x_i = gsl_matrix_const_row(X, i);
        gsl_vector_view d_i = gsl_matrix_row(g->dz1, i);
        gsl_blas_dger(1.0, &x_i.vector, &d_i.vector, g->dW1);
        gsl_vector_add(g->db1, &d_i.vector);
    }
    penalty = gsl_matrix_alloc(net->D, H);
    gsl_matrix_memcpy(penalty, net->W1);
    gsl_matrix_scale(penalty, 2.0 * reg);
    gsl_matrix_add(g->dW1, penalty);
    gsl_matrix_free(penalty);

    gsl_matrix_free(pre);
    gsl_matrix_free(hidden);
    gsl_matrix_free(scores);
    gsl_matrix_free(probs);
    g->present = BP_GRADS_ALL;
    return 0;
}
