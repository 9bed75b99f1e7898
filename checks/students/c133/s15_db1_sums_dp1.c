/*  Lab 7 : Backward pass  (Name: Kavya M, USN 4SF21IS041)
 *  z1 = X W1 + b1 ; p1 = relu(z1) ; z2 = p1 W2 + b2 ; softmax loss
 */
#include "backprop.h"

#define GM(A,i,j)     gsl_matrix_get(A,i,j)
#define SM(A,i,j,x)   gsl_matrix_set(A,i,j,x)
#define SV(v,i,x)     gsl_vector_set(v,i,x)

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k;
    double tot;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    /* dL/dz2 */
    for (i = 0; i < N; i++)
        for (j = 0; j < C; j++)
            SM(g->dz2, i, j, GM(cache->prob, i, j) / N);
    for (i = 0; i < N; i++)
        SM(g->dz2, i, y[i], GM(g->dz2, i, y[i]) - 1.0 / N);

    /* dL/dW2 */
    for (i = 0; i < H; i++)
        for (j = 0; j < C; j++) {
            tot = 0;
            for (k = 0; k < N; k++)
                tot += GM(cache->p1, k, i) * GM(g->dz2, k, j);
            SM(g->dW2, i, j, tot + 2 * reg * GM(net->W2, i, j));
        }

    /* dL/db2 */
    for (j = 0; j < C; j++) {
        tot = 0;
        for (i = 0; i < N; i++)
            tot += GM(g->dz2, i, j);
        SV(g->db2, j, tot);
    }

    /* dL/dp1 */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++) {
            tot = 0;
            for (k = 0; k < C; k++)
                tot += GM(g->dz2, i, k) * GM(net->W2, j, k);
            SM(g->dp1, i, j, tot);
        }

    /* dL/dz1 */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            SM(g->dz1, i, j, (GM(cache->z1, i, j) > 0) * GM(g->dp1, i, j));

    /* dL/dW1 */
    for (i = 0; i < D; i++)
        for (j = 0; j < H; j++) {
            tot = 0;
            for (k = 0; k < N; k++)
                tot += GM(X, k, i) * GM(g->dz1, k, j);
            SM(g->dW1, i, j, tot + 2 * reg * GM(net->W1, i, j));
        }

    /* dL/db1 = sum over samples of the hidden gradient */
    for (j = 0; j < H; j++) {
        tot = 0;
        for (i = 0; i < N; i++)
            tot += GM(g->dp1, i, j);
        SV(g->db1, j, tot);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
