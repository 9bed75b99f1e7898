/*
 * backward.c -- my backward pass for the two layer net (Assignment 3)
 *
 * Steps (same numbering as the template):
 *   1. grad_scores                 dz2 (N, C)
 *   2. grad_weights_2              dW2 (H, C)
 *   3. grad_bias_2                 db2 (C)
 *   4. grad_hidden_activation      dp1 (N, H)
 *   5. grad_hidden_preactivation   dz1 (N, H)
 *   6. grad_weights_1              dW1 (D, H)
 *   7. grad_bias_1                 db1 (H)
 * Matrix products with BLAS, the rest with loops.
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t num_samples = X->size1;
    size_t num_hidden = net->H;
    size_t num_classes = net->C;

    if (num_samples != cache->N || X->size2 != net->D || g->N != num_samples)
        return 1;

    /* 1. d loss / d score = (p - 1) / N for the correct class, p otherwise */
    for (size_t sample = 0; sample < num_samples; sample++) {
        for (size_t c = 0; c < num_classes; c++) {
            double p = gsl_matrix_get(cache->prob, sample, c);
            if (c == y[sample])
                gsl_matrix_set(g->dz2, sample, c, (p - 1.0) / num_samples);
            else
                gsl_matrix_set(g->dz2, sample, c, p);
        }
    }

    /* 2. grad_weights_2 = p1^T dz2 + 2 reg W2 (W2 copied in, beta = 2 reg) */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                   2.0 * reg, g->dW2);

    /* 3. grad_bias_2 = column sums of dz2 */
    for (size_t c = 0; c < num_classes; c++) {
        double total = 0.0;
        for (size_t sample = 0; sample < num_samples; sample++)
            total += gsl_matrix_get(g->dz2, sample, c);
        gsl_vector_set(g->db2, c, total);
    }

    /* 4. grad_hidden_activation = dz2 W2^T */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* 5. relu backward */
    for (size_t sample = 0; sample < num_samples; sample++) {
        for (size_t h = 0; h < num_hidden; h++) {
            double z = gsl_matrix_get(cache->z1, sample, h);
            double upstream = gsl_matrix_get(g->dp1, sample, h);
            gsl_matrix_set(g->dz1, sample, h, z > 0 ? upstream : 0.0);
        }
    }

    /* 6. grad_weights_1 = X^T dz1 + 2 reg W1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

    /* 7. grad_bias_1 = column sums of dz1 */
    for (size_t h = 0; h < num_hidden; h++) {
        double total = 0.0;
        for (size_t sample = 0; sample < num_samples; sample++)
            total += gsl_matrix_get(g->dz1, sample, h);
        gsl_vector_set(g->db1, h, total);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
