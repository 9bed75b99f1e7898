/* backward.c  --  2 layer net, hand written backward pass
 *
 * I pull out the data pointers once and index them with one macro per
 * array, the row length is the number of columns of that array.
 */
#include "backprop.h"

#define Xm(i,d)   x[(i)*D + (d)]
#define Z1(i,j)   z1[(i)*H + (j)]
#define PR(i,k)   pr[(i)*C + (k)]
#define W1(d,j)   w1[(d)*H + (j)]
#define W2(j,k)   w2[(j)*C + (k)]
#define DZ2(i,k)  dz2[(i)*C + (k)]
#define DP1(i,j)  dp1[(i)*H + (j)]
#define DZ1(i,j)  dz1[(i)*H + (j)]

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    const double *x = X->data, *z1 = cache->z1->data;
    const double *pr = cache->prob->data;
    const double *w1 = net->W1->data, *w2 = net->W2->data;
    double *dz2 = g->dz2->data, *dp1 = g->dp1->data, *dz1 = g->dz1->data;
    size_t i, j, k, d;

    for (i = 0; i < N; i++)
        for (k = 0; k < C; k++)
            DZ2(i, k) = (PR(i, k) - (k == y[i] ? 1.0 : 0.0)) / N;

    /* dW2 = h^T dz2 + 2 reg W2   (h = hidden layer) */
    for (j = 0; j < H; j++)
        for (k = 0; k < C; k++) {
            double acc = 2.0 * reg * W2(j, k);
            for (i = 0; i < N; i++)
                acc += Z1(i, j) * DZ2(i, k);
            gsl_matrix_set(g->dW2, j, k, acc);
        }

    for (k = 0; k < C; k++) {
        double acc = 0.0;
        for (i = 0; i < N; i++)
            acc += DZ2(i, k);
        gsl_vector_set(g->db2, k, acc);
    }

    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++) {
            double acc = 0.0;
            for (k = 0; k < C; k++)
                acc += DZ2(i, k) * W2(j, k);
            DP1(i, j) = acc;
            DZ1(i, j) = Z1(i, j) > 0.0 ? acc : 0.0;
        }

    for (d = 0; d < D; d++)
        for (j = 0; j < H; j++) {
            double acc = 2.0 * reg * W1(d, j);
            for (i = 0; i < N; i++)
                acc += Xm(i, d) * DZ1(i, j);
            gsl_matrix_set(g->dW1, d, j, acc);
        }

    for (j = 0; j < H; j++) {
        double acc = 0.0;
        for (i = 0; i < N; i++)
            acc += DZ1(i, j);
        gsl_vector_set(g->db1, j, acc);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
