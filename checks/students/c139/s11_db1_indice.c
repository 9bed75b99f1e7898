/* TP3 - passe arriere
 * Theo Mercier & Manon Blanc
 *
 * On travaille directement sur les tableaux ->data (ligne i commence a
 * data + i*tda), c'est ce qu'on a vu en TD pour aller plus vite.
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H, C = net->C;
    size_t i, j;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* dz2 = (prob - onehot) / N */
    for (i = 0; i < N; i++) {
        const double *prob = cache->prob->data + i * cache->prob->tda;
        double *dz2 = g->dz2->data + i * g->dz2->tda;
        for (j = 0; j < C; j++)
            dz2[j] = prob[j] / N;
        dz2[y[i]] -= 1.0 / N;
    }

    /* grad_poids2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);

    /* grad_biais2 */
    for (j = 0; j < C; j++)
        g->db2->data[j * g->db2->stride] = 0.0;
    for (i = 0; i < N; i++)
        for (j = 0; j < C; j++)
            g->db2->data[j * g->db2->stride] += g->dz2->data[i * g->dz2->tda + j];

    /* dp1 = dz2 W2^T */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* dz1 = dp1 * 1(z1 > 0) */
    for (i = 0; i < N; i++) {
        const double *z1 = cache->z1->data + i * cache->z1->tda;
        const double *dp1 = g->dp1->data + i * g->dp1->tda;
        double *dz1 = g->dz1->data + i * g->dz1->tda;
        for (j = 0; j < H; j++)
            dz1[j] = (z1[j] > 0.0) ? dp1[j] : 0.0;
    }

    /* grad_poids1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

    /* grad_biais1 : meme chose que pour b2 */
    for (j = 0; j < H; j++) {
        double somme = 0.0;
        for (i = 1; i < N; i++)
            somme += g->dz1->data[i * g->dz1->tda + j];
        g->db1->data[j * g->db1->stride] = somme;
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
