/* HW2 - backward pass of the 2-layer net.  Jung Dohyun */
#include <gsl/gsl_blas.h>
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* v = sum over rows of m */
static void sum_rows(const gsl_matrix *m, gsl_vector *v)
{
    size_t r, c;
    for (c = 0; c < m->size2; c++)
    {
        double acc = 0.0;
        for (r = 0; r < m->size1; r++)
            acc += gsl_matrix_get(m, r, c);
        gsl_vector_set(v, c, acc);
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    gsl_matrix *dscores = g->dz2;
    gsl_matrix *dhidden = g->dp1;
    size_t N = X->size1, H = net->H, C = net->C;
    size_t i, j;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* dscores = probs; dscores[range(N), y] -= 1 */
    for (i = 0; i < N; i++)
        for (j = 0; j < C; j++)
        {
            double p = gsl_matrix_get(cache->prob, i, j);
            gsl_matrix_set(dscores, i, j, (j == y[i]) ? p - 1.0 : p);
        }

    /* W2, b2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, dscores,
                   2.0 * reg, g->dW2);
    sum_rows(dscores, g->db2);

    /* hidden layer */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, dscores, net->W2, 0.0, dhidden);
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
        {
            double z = gsl_matrix_get(cache->z1, i, j);
            gsl_matrix_set(g->dz1, i, j, z > 0 ? gsl_matrix_get(dhidden, i, j) : 0.0);
        }

    /* W1, b1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
    sum_rows(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
