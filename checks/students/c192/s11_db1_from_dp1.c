/* Assignment 2 -- backward pass written out with index macros.
 *   forward:  z1 = X W1 + b1,  p1 = relu(z1),  z2 = p1 W2 + b2
 *   backward: see the numbered steps
 */
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
#define x(i,d)    X->data[(i)*X->tda + (d)]
#define w1(d,j)   net->W1->data[(d)*net->W1->tda + (j)]
#define w2(j,k)   net->W2->data[(j)*net->W2->tda + (k)]
#define z1(i,j)   cache->z1->data[(i)*cache->z1->tda + (j)]
#define p1(i,j)   cache->p1->data[(i)*cache->p1->tda + (j)]
#define prob(i,k) cache->prob->data[(i)*cache->prob->tda + (k)]
#define dz2(i,k)  g->dz2->data[(i)*g->dz2->tda + (k)]
#define dW2(j,k)  g->dW2->data[(j)*g->dW2->tda + (k)]
#define db2(k)    g->db2->data[(k)*g->db2->stride]
#define dp1(i,j)  g->dp1->data[(i)*g->dp1->tda + (j)]
#define dz1(i,j)  g->dz1->data[(i)*g->dz1->tda + (j)]
#define dW1(d,j)  g->dW1->data[(d)*g->dW1->tda + (j)]
#define db1(j)    g->db1->data[(j)*g->db1->stride]

    unsigned int i, j, k, d;
    const unsigned int N = (unsigned int) X->size1;
    const unsigned int D = (unsigned int) net->D;
    const unsigned int H = (unsigned int) net->H;
    const unsigned int C = (unsigned int) net->C;

    if (N != cache->N || D != X->size2 || g->N != N)
        return 1;

    /* (1) dz2 */
    for (i = 0; i < N; i++)
        for (k = 0; k < C; k++)
            dz2(i,k) = (k == y[i]) ? (prob(i,k) - 1.0) / N : prob(i,k) / N;

    /* (2) dW2  (3) db2 */
    for (k = 0; k < C; k++) {
        for (j = 0; j < H; j++) {
            dW2(j,k) = 2.0 * reg * w2(j,k);
            for (i = 0; i < N; i++)
                dW2(j,k) += p1(i,j) * dz2(i,k);
        }
        db2(k) = 0.0;
        for (i = 0; i < N; i++)
            db2(k) += dz2(i,k);
    }

    /* (4) dp1  (5) dz1 */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++) {
            dp1(i,j) = 0.0;
            for (k = 0; k < C; k++)
                dp1(i,j) += dz2(i,k) * w2(j,k);
            dz1(i,j) = dp1(i,j);
            if (z1(i,j) <= 0.0)
                dz1(i,j) = 0.0;
        }

    /* (6) dW1  (7) db1 */
    for (j = 0; j < H; j++) {
        for (d = 0; d < D; d++) {
            dW1(d,j) = 2.0 * reg * w1(d,j);
            for (i = 0; i < N; i++)
                dW1(d,j) += x(i,d) * dz1(i,j);
        }
        db1(j) = 0.0;
        for (i = 0; i < N; i++)
            db1(j) += dp1(i,j);
    }

    g->present = BP_GRADS_ALL;
    return 0;

#undef x
#undef w1
#undef w2
#undef z1
#undef p1
#undef prob
#undef dz2
#undef dW2
#undef db2
#undef dp1
#undef dz1
#undef dW1
#undef db1
}
