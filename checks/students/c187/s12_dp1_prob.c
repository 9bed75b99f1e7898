/* backward.c -- devoir 2
 * Noémie Ouellet, IFT3395
 *
 * TODO : enlever les printf de debug avant la remise (fait)
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t nb_exemples = X->size1;
    size_t i, j;
    const gsl_matrix *probs = cache->prob;

    if (nb_exemples != cache->N || X->size2 != net->D || g->N != nb_exemples)
        return 1;

    /* dscores */
    gsl_matrix_memcpy(g->dz2, probs);
    for (i = 0; i < nb_exemples; i++) {
        double p = gsl_matrix_get(g->dz2, i, y[i]);
        gsl_matrix_set(g->dz2, i, y[i], p - 1.0);
    }
    gsl_matrix_scale(g->dz2, 1.0 / nb_exemples);

    /* grad_W2 = h^T dscores + 2 reg W2 */
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
    gsl_matrix *terme_reg = gsl_matrix_alloc(net->H, net->C);
    gsl_matrix_memcpy(terme_reg, net->W2);
    gsl_matrix_scale(terme_reg, 2 * reg);
    gsl_matrix_add(g->dW2, terme_reg);
    gsl_matrix_free(terme_reg);

    /* grad_b2 */
    for (j = 0; j < net->C; j++) {
        gsl_vector_const_view col = gsl_matrix_const_column(g->dz2, j);
        double somme = 0;
        for (i = 0; i < nb_exemples; i++)
            somme += gsl_vector_get(&col.vector, i);
        gsl_vector_set(g->db2, j, somme);
    }

    /* gradient sur la couche cachee : dscores * W2^T */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, probs, net->W2, 0.0, g->dp1);

    /* relu */
    for (i = 0; i < nb_exemples; i++)
        for (j = 0; j < net->H; j++)
            if (gsl_matrix_get(cache->z1, i, j) > 0)
                gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(g->dp1, i, j));
            else
                gsl_matrix_set(g->dz1, i, j, 0.0);

    /* grad_W1 = X^T dh + 2 reg W1 */
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
    terme_reg = gsl_matrix_alloc(net->D, net->H);
    gsl_matrix_memcpy(terme_reg, net->W1);
    gsl_matrix_scale(terme_reg, 2 * reg);
    gsl_matrix_add(g->dW1, terme_reg);
    gsl_matrix_free(terme_reg);

    /* grad_b1 */
    for (j = 0; j < net->H; j++) {
        gsl_vector_const_view col = gsl_matrix_const_column(g->dz1, j);
        double somme = 0;
        for (i = 0; i < nb_exemples; i++)
            somme += gsl_vector_get(&col.vector, i);
        gsl_vector_set(g->db1, j, somme);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
