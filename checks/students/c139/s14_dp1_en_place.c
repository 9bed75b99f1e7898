/* TP backprop - Clement Faure
 *
 * Pour economiser de la memoire je fais la relu directement dans dp1,
 * puis je recopie dans dz1.
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

#define GET(m, i, j)    gsl_matrix_get((m), (i), (j))
#define SET(m, i, j, v) gsl_matrix_set((m), (i), (j), (v))

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H, C = net->C;
    size_t i, j;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* 1 */
    for (i = 0; i < N; i++)
        for (j = 0; j < C; j++)
            SET(g->dz2, i, j, (GET(cache->prob, i, j) - (y[i] == j)) / (double) N);

    /* 2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);

    /* 3 */
    for (j = 0; j < C; j++) {
        double somme = 0.0;
        for (i = 0; i < N; i++)
            somme += GET(g->dz2, i, j);
        gsl_vector_set(g->db2, j, somme);
    }

    /* 4 */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* 5 : relu en place dans dp1 puis copie */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            if (GET(cache->z1, i, j) <= 0.0)
                SET(g->dp1, i, j, 0.0);
    gsl_matrix_memcpy(g->dz1, g->dp1);

    /* 6 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

    /* 7 */
    for (j = 0; j < H; j++) {
        double somme = 0.0;
        for (i = 0; i < N; i++)
            somme += GET(g->dz1, i, j);
        gsl_vector_set(g->db1, j, somme);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
