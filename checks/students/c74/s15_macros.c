/* backward.c
 * Size macros so I never mix up size1/size2 again. */
#include "backprop.h"

#define N_ (X->size1)
#define D_ (net->W1->size1)
#define H_ (net->W1->size2)
#define C_ (net->W2->size2)
#define GET(M, i, j) gsl_matrix_get((M), (i), (j))
#define SET(M, i, j, v) gsl_matrix_set((M), (i), (j), (v))

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t i, j, k;
    double s;

    if (N_ != cache->N || X->size2 != net->D || g->N != N_)
        return 1;

    /* dz2 = (prob - 1{y}) / N */
    for (i = 0; i < N_; i++)
        for (k = 0; k < C_; k++)
            SET(g->dz2, i, k, (GET(cache->prob, i, k) - (k == y[i] ? 1.0 : 0.0)) / N_);

    /* dW2 = p1^T dz2 + 2 reg W2 */
    for (j = 0; j < H_; j++)
        for (k = 0; k < C_; k++) {
            s = 0.0;
            for (i = 0; i < N_; i++)
                s += GET(cache->p1, i, j) * GET(g->dz2, i, k);
            SET(g->dW2, j, k, s + 2 * reg * GET(net->W2, j, k));
        }

    /* db2 */
    gsl_vector_set_zero(g->db2);
    for (i = 0; i < N_; i++)
        for (k = 0; k < C_; k++)
            gsl_vector_set(g->db2, k, gsl_vector_get(g->db2, k) + GET(g->dz2, i, k));

    /* dp1 = dz2 W2^T ; dz1 = relu'(z1) dp1 */
    for (i = 0; i < N_; i++)
        for (j = 0; j < H_; j++) {
            s = 0.0;
            for (k = 0; k < C_; k++)
                s += GET(g->dz2, i, k) * GET(net->W2, j, k);
            SET(g->dp1, i, j, s);
            SET(g->dz1, i, j, GET(cache->z1, i, j) > 0 ? s : 0.0);
        }

    /* dW1 = X^T dz1 + 2 reg W1 */
    for (k = 0; k < D_; k++)
        for (j = 0; j < H_; j++) {
            s = 0.0;
            for (i = 0; i < N_; i++)
                s += GET(X, i, k) * GET(g->dz1, i, j);
            SET(g->dW1, k, j, s + 2 * reg * GET(net->W1, k, j));
        }

    /* db1 */
    gsl_vector_set_zero(g->db1);
    for (i = 0; i < N_; i++)
        for (j = 0; j < C_; j++)
            gsl_vector_set(g->db1, j, gsl_vector_get(g->db1, j) + GET(g->dz1, i, j));

    g->present = BP_GRADS_ALL;
    return 0;
}
