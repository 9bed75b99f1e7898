/* backward.c - backprop, 2 layer net (D -> H -> C)
 *
 * Check I use: every row of dz2 must add up to zero (softmax rows add
 * to 1, minus the one-hot), printed with -DDEBUG.  Shapes are asserted
 * with need() after each gradient.
 */

#include <math.h>
#include <stdio.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

#define need(cond) do { if (!(cond)) return 1; } while (0)

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k;

    need(N == cache->N && X->size2 == D && g->N == N);

    /* dz2: scale the probabilities by 1/N, then the label column */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    gsl_matrix_scale(g->dz2, 1.0 / N);
    for (i = 0; i < N; i++)
        *gsl_matrix_ptr(g->dz2, i, y[i]) -= 1.0;
    need(g->dz2->size1 == N && g->dz2->size2 == C);

#ifdef DEBUG
    for (i = 0; i < N; i++) {
        double s = 0.0;
        for (k = 0; k < C; k++)
            s += gsl_matrix_get(g->dz2, i, k);
        if (fabs(s) > 1e-12)
            fprintf(stderr, "row %zu of dz2 sums to %g\n", i, s);
    }
#endif

    /* dW2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);
    need(g->dW2->size1 == H && g->dW2->size2 == C);

    /* db2 */
    for (k = 0; k < C; k++) {
        double s = 0.0;
        for (i = 0; i < N; i++)
            s += gsl_matrix_get(g->dz2, i, k);
        gsl_vector_set(g->db2, k, s);
    }
    need(g->db2->size == C);

    /* dp1 */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
    need(g->dp1->size1 == N && g->dp1->size2 == H);

    /* dz1 */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++) {
            double m = gsl_matrix_get(cache->z1, i, j) > 0.0 ? 1.0 : 0.0;
            gsl_matrix_set(g->dz1, i, j, m * gsl_matrix_get(g->dp1, i, j));
        }
    need(g->dz1->size1 == N && g->dz1->size2 == H);

    /* dW1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
    need(g->dW1->size1 == D && g->dW1->size2 == H);

    /* db1 */
    for (j = 0; j < H; j++) {
        double s = 0.0;
        for (i = 0; i < N; i++)
            s += gsl_matrix_get(g->dz1, i, j);
        gsl_vector_set(g->db1, j, s);
    }
    need(g->db1->size == H);

    g->present = BP_GRADS_ALL;
    return 0;
}
