/* backward.c - backprop of the 2 layer net
 *
 * error signal = desired - actual (as in the LMS/Widrow-Hoff rule),
 * divided by N because the loss is the batch mean.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H, C = net->C;
    size_t i, j, k;
    double *err_out;
    const double *actual, *z;

    /* err_out = (desired - actual)/N */
    for (i = 0; i < N; i++) {
        err_out = g->dz2->data + i * g->dz2->tda;
        actual = cache->prob->data + i * cache->prob->tda;
        for (k = 0; k < C; k++) {
            double desired = (k == y[i]) ? 1.0 : 0.0;
            err_out[k] = (desired - actual[k]) / (double)N;
        }
    }

    /* grad_w_out = p1^T err_out + 2 reg W2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);

    /* grad_b_out */
    for (k = 0; k < C; k++) {
        double acc = 0.0;
        for (i = 0; i < N; i++)
            acc += g->dz2->data[i * g->dz2->tda + k];
        gsl_vector_set(g->db2, k, acc);
    }

    /* err_hid */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* delta_hid */
    for (i = 0; i < N; i++) {
        z = cache->z1->data + i * cache->z1->tda;
        for (j = 0; j < H; j++) {
            double e = g->dp1->data[i * g->dp1->tda + j];
            g->dz1->data[i * g->dz1->tda + j] = (z[j] > 0.0) ? e : 0.0;
        }
    }

    /* grad_w_hid */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

    /* grad_b_hid */
    for (j = 0; j < H; j++) {
        double acc = 0.0;
        for (i = 0; i < N; i++)
            acc += g->dz1->data[i * g->dz1->tda + j];
        gsl_vector_set(g->db1, j, acc);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
