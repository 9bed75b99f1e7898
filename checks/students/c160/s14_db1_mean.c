/* backward.c  (HW 3, question 4)
 *
 * Backprop through the net the way we did it in class: first the derivative
 * of the loss w.r.t. the probabilities, then the softmax Jacobian, then the
 * layers one after the other.
 */
#include <stdlib.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* out_j = sum_k up_k * dp_k/dz_j for one row, C classes */
static void softmax_backward_row(const double *p, const double *up,
                                 double *out, size_t C)
{
    size_t j, k;
    for (j = 0; j < C; j++) {
        out[j] = 0.0;
        for (k = 0; k < C; k++) {
            double jac = (j == k) ? p[k] * (1.0 - p[k]) : -p[k] * p[j];
            out[j] += up[k] * jac;
        }
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H, C = net->C;
    size_t i, j;
    double *up = malloc(C * sizeof *up);
    gsl_vector *ones = gsl_vector_alloc(N);

    if (up == NULL || ones == NULL) {
        free(up);
        gsl_vector_free(ones);
        return 1;
    }
    gsl_vector_set_all(ones, 1.0);

    for (i = 0; i < N; i++) {
        for (j = 0; j < C; j++)
            up[j] = 0.0;
        up[y[i]] = -1.0 / (N * gsl_matrix_get(cache->prob, i, y[i]));
        softmax_backward_row(cache->prob->data + i * cache->prob->tda, up,
                             g->dz2->data + i * g->dz2->tda, C);
    }
    free(up);

    /* second layer */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);
    gsl_blas_dgemv(CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* relu */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(cache->z1, i, j) > 0
                           ? gsl_matrix_get(g->dp1, i, j) : 0.0);

    /* first layer */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
    gsl_blas_dgemv(CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);
    gsl_vector_scale(g->db1, 1.0 / N);   /* average over the batch */

    gsl_vector_free(ones);
    g->present = BP_GRADS_ALL;
    return 0;
}
