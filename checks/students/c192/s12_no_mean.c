/* backward.c
 *
 * Elementwise steps with index macros, the matrix products with BLAS
 * (dgemm does the transposes for us).
 */
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

#define PROB(r, c)  (cache->prob->data[(r) * cache->prob->tda + (c)])
#define Z1(r, c)    (cache->z1->data[(r) * cache->z1->tda + (c)])
#define DZ2(r, c)   (g->dz2->data[(r) * g->dz2->tda + (c)])
#define DP1(r, c)   (g->dp1->data[(r) * g->dp1->tda + (c)])
#define DZ1(r, c)   (g->dz1->data[(r) * g->dz1->tda + (c)])
#define DB2(c)      (g->db2->data[(c) * g->db2->stride])
#define DB1(c)      (g->db1->data[(c) * g->db1->stride])

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int
backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
         double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H, C = net->C;
    size_t r, c;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* dL/dscores = prob - onehot  (the 1/N is already in the loss) */
    for (r = 0; r < N; r++)
        for (c = 0; c < C; c++)
            DZ2(r, c) = PROB(r, c) - (c == y[r] ? 1.0 : 0.0);

    /* dW2 = p1' dz2 + 2 reg W2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                   2.0 * reg, g->dW2);

    /* db2 */
    for (c = 0; c < C; c++) {
        DB2(c) = 0.0;
        for (r = 0; r < N; r++)
            DB2(c) += DZ2(r, c);
    }

    /* dp1 = dz2 W2' */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* relu */
    for (r = 0; r < N; r++)
        for (c = 0; c < H; c++)
            DZ1(r, c) = Z1(r, c) > 0.0 ? DP1(r, c) : 0.0;

    /* dW1 = X' dz1 + 2 reg W1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

    /* db1 */
    for (c = 0; c < H; c++) {
        DB1(c) = 0.0;
        for (r = 0; r < N; r++)
            DB1(c) += DZ1(r, c);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
