// backward.c  --  HW5 part 2
// name: (removed for grading)
//
// my notes from section:
//   dL/dz2[i][j] = (P[i][j] - 1{j == y_i}) / N
//   dW2 = p1^T dz2 + 2*reg*W2     <- reg * ||W||^2 so the derivative has a 2
//   db2[j] = sum_i dz2[i][j]
//   dp1 = dz2 * W2^T
//   dz1 = dp1 where relu was active (p1 > 0 is the same as z1 > 0)
//   dW1 = X^T dz1 + 2*reg*W1
//   db1[j] = sum_i dz1[i][j]

#include <string.h>
#include <backprop/net.h>
#include <backprop/grads.h>

#define IDX(i, j, ld) ((i) * (ld) + (j))

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t D = X->size2;
    size_t H = net->H;
    size_t C = net->C;
    if (N != cache->N || D != net->D || g->N != N)
        return 1;

    const double *P  = cache->prob->data; size_t ldP  = cache->prob->tda;
    const double *A1 = cache->p1->data;   size_t ldA1 = cache->p1->tda;
    const double *Xd = X->data;           size_t ldX  = X->tda;
    const double *W1 = net->W1->data;     size_t ldW1 = net->W1->tda;
    const double *W2 = net->W2->data;     size_t ldW2 = net->W2->tda;

    double *dZ2 = g->dz2->data; size_t ldZ2 = g->dz2->tda;
    double *dW2 = g->dW2->data; size_t lW2  = g->dW2->tda;
    double *db2 = g->db2->data;
    double *dP1 = g->dp1->data; size_t ldP1 = g->dp1->tda;
    double *dZ1 = g->dz1->data; size_t ldZ1 = g->dz1->tda;
    double *dW1 = g->dW1->data; size_t lW1  = g->dW1->tda;
    double *db1 = g->db1->data;

    double invN = 1.0 / (double)N;

    // (1) dz2: copy prob row, fix the label entry, scale
    for (size_t i = 0; i < N; i++) {
        memcpy(&dZ2[IDX(i, 0, ldZ2)], &P[IDX(i, 0, ldP)], C * sizeof(double));
        dZ2[IDX(i, y[i], ldZ2)] -= 1.0;
        for (size_t j = 0; j < C; j++)
            dZ2[IDX(i, j, ldZ2)] *= invN;
    }

    // (4) dp1 first, it's just a matmul with W2 transposed
    //     dp1[i][h] = sum_c dz2[i][c] * W2[h][c]
    for (size_t i = 0; i < N; i++) {
        for (size_t h = 0; h < H; h++) {
            double s = 0.0;
            for (size_t c = 0; c < C; c++)
                s += dZ2[IDX(i, c, ldZ2)] * W2[IDX(h, c, ldW2)];
            dP1[IDX(i, h, ldP1)] = s;
        }
    }

    // (2)+(3) dW2 and db2 as accumulators: zero them first!!
    // (g has junk in it from last time -- got bitten by this in HW4)
    for (size_t h = 0; h < H; h++)
        memset(&dW2[IDX(h, 0, lW2)], 0, C * sizeof(double));
    memset(db2, 0, C * sizeof(double));   // db2 stride is 1 here, it's a view in dtheta

    for (size_t i = 0; i < N; i++) {
        for (size_t c = 0; c < C; c++) {
            double d = dZ2[IDX(i, c, ldZ2)];
            db2[c] += d;
            for (size_t h = 0; h < H; h++)
                dW2[IDX(h, c, lW2)] += A1[IDX(i, h, ldA1)] * d;
        }
    }

    // (5) dz1: copy dp1 and kill the entries where the unit was off
    for (size_t i = 0; i < N; i++) {
        memcpy(&dZ1[IDX(i, 0, ldZ1)], &dP1[IDX(i, 0, ldP1)], H * sizeof(double));
        for (size_t h = 0; h < H; h++)
            if (!(A1[IDX(i, h, ldA1)] > 0.0))
                dZ1[IDX(i, h, ldZ1)] = 0.0;
    }

    // (6)+(7) dW1 = sum over samples of outer(x_i, dz1_i), db1 = sum of rows
    for (size_t d = 0; d < D; d++)
        memset(&dW1[IDX(d, 0, lW1)], 0, H * sizeof(double));
    memset(db1, 0, H * sizeof(double));

    for (size_t i = 0; i < N; i++) {
        const double *xi = &Xd[IDX(i, 0, ldX)];
        const double *gi = &dZ1[IDX(i, 0, ldZ1)];
        for (size_t d = 0; d < D; d++) {
            double xv = xi[d];
            if (xv == 0.0) continue;   // small speedup for sparse inputs
            for (size_t h = 0; h < H; h++)
                dW1[IDX(d, h, lW1)] += xv * gi[h];
        }
        for (size_t h = 0; h < H; h++)
            db1[h] += gi[h];
    }

    // regularisation last
    for (size_t h = 0; h < H; h++)
        for (size_t c = 0; c < C; c++)
            dW2[IDX(h, c, lW2)] += 2.0 * reg * W2[IDX(h, c, ldW2)];
    for (size_t d = 0; d < D; d++)
        for (size_t h = 0; h < H; h++)
            dW1[IDX(d, h, lW1)] += 2.0 * reg * W1[IDX(d, h, ldW1)];

    // TODO: try gsl_blas_dgemm for the matmuls once this passes
    g->present = BP_GRADS_ALL;
    return 0;
}
