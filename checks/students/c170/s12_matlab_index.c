/* Uebung 5 - backward()
 * (vorher in Matlab gemacht, jetzt C mit GSL)
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* sum(A, 1) aus Matlab: Summe ueber die Zeilen 1..N */
static void zeilen_summieren(const gsl_matrix *A, gsl_vector *summe)
{
    size_t i, j;
    for (j = 0; j < A->size2; j++)
    {
        double s = 0.0;
        for (i = 1; i < A->size1; i++)
            s += gsl_matrix_get(A, i, j);
        gsl_vector_set(summe, j, s);
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t i, j;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* dz2 = (P - Y) / N */
    for (i = 0; i < N; i++)
        for (j = 0; j < net->C; j++)
            gsl_matrix_set(g->dz2, i, j,
                           (gsl_matrix_get(cache->prob, i, j) - (j == y[i])) / N);

    /* dW2 = p1' * dz2 + 2*reg*W2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                   2.0 * reg, g->dW2);
    zeilen_summieren(g->dz2, g->db2);

    /* dp1 = dz2 * W2' */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2,
                   0.0, g->dp1);

    /* dz1 = dp1 .* (z1 > 0) */
    for (i = 0; i < N; i++)
        for (j = 0; j < net->H; j++)
        {
            double maske = gsl_matrix_get(cache->z1, i, j) > 0.0;
            gsl_matrix_set(g->dz1, i, j, maske * gsl_matrix_get(g->dp1, i, j));
        }

    /* dW1 = X' * dz1 + 2*reg*W1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg,
                   g->dW1);
    zeilen_summieren(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
