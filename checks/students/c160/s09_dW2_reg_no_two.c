/* backward.c
 * Two layer network, backward pass (assignment 3).
 * dL/dprob is nonzero only at the label, so of the softmax Jacobian only
 * the row of the label class is needed: dz2[i][j] = dL/dp_y * J[y][j].
 */
#include <stdlib.h>
#include <gsl/gsl_matrix.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, D = net->D, H = net->H, C = net->C;

    if (cache->N != N || g->C != C)
        return 1;

    /* --- softmax / loss --- */
    for (size_t i = 0; i < N; i++) {
        const double *p = &cache->prob->data[i * cache->prob->tda];
        double *dz = &g->dz2->data[i * g->dz2->tda];
        size_t yi = y[i];
        double dLdpy = -1.0 / ((double)N * p[yi]);      /* d(-log p_y / N) / dp_y */
        for (size_t j = 0; j < C; j++) {
            double Jyj = (j == yi ? p[yi] : 0.0) - p[yi] * p[j];
            dz[j] = dLdpy * Jyj;
        }
    }

    /* --- layer 2 --- */
    for (size_t h = 0; h < H; h++) {
        for (size_t j = 0; j < C; j++) {
            double acc = 0.0;
            for (size_t i = 0; i < N; i++)
                acc += gsl_matrix_get(cache->p1, i, h) * gsl_matrix_get(g->dz2, i, j);
            /* regularization: d/dW of 0.5*reg*W^2 */
            acc += reg * gsl_matrix_get(net->W2, h, j);
            gsl_matrix_set(g->dW2, h, j, acc);
        }
    }
    for (size_t j = 0; j < C; j++) {
        double acc = 0.0;
        for (size_t i = 0; i < N; i++)
            acc += gsl_matrix_get(g->dz2, i, j);
        gsl_vector_set(g->db2, j, acc);
    }
    for (size_t i = 0; i < N; i++) {
        for (size_t h = 0; h < H; h++) {
            double acc = 0.0;
            for (size_t j = 0; j < C; j++)
                acc += gsl_matrix_get(g->dz2, i, j) * gsl_matrix_get(net->W2, h, j);
            gsl_matrix_set(g->dp1, i, h, acc);
            /* relu */
            gsl_matrix_set(g->dz1, i, h, gsl_matrix_get(cache->z1, i, h) > 0 ? acc : 0.0);
        }
    }

    /* --- layer 1 --- */
    for (size_t d = 0; d < D; d++) {
        for (size_t h = 0; h < H; h++) {
            double acc = 2.0 * reg * gsl_matrix_get(net->W1, d, h);
            for (size_t i = 0; i < N; i++)
                acc += gsl_matrix_get(X, i, d) * gsl_matrix_get(g->dz1, i, h);
            gsl_matrix_set(g->dW1, d, h, acc);
        }
    }
    for (size_t h = 0; h < H; h++) {
        double acc = 0.0;
        for (size_t i = 0; i < N; i++)
            acc += gsl_matrix_get(g->dz1, i, h);
        gsl_vector_set(g->db1, h, acc);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
