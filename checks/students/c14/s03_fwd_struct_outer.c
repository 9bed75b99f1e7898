// backward.c -- Rafael Mendes, CS 4xx homework 4
//
// My forward() returns everything it computed in a struct, and backward()
// works only from that struct, so I know the values I differentiate are
// the ones I think they are.  Weight gradients start from the penalty
// term and then get the data term added on top (beta = 1 in dgemm / dger).

#include <math.h>
#include <stdlib.h>
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

struct fwd {
    gsl_matrix *pre;     // X W1 + b1        (N,H)
    gsl_matrix *act;     // relu(pre)        (N,H)
    gsl_matrix *out;     // act W2 + b2      (N,C)
    gsl_matrix *prob;    // softmax(out)     (N,C)
};

static void fwd_free(struct fwd *f)
{
    gsl_matrix_free(f->pre);
    gsl_matrix_free(f->act);
    gsl_matrix_free(f->out);
    gsl_matrix_free(f->prob);
}

static struct fwd forward(const bp_net *net, const gsl_matrix *X)
{
    struct fwd f;
    size_t N = X->size1, H = net->H, C = net->C;

    f.pre = gsl_matrix_alloc(N, H);
    f.act = gsl_matrix_alloc(N, H);
    f.out = gsl_matrix_alloc(N, C);
    f.prob = gsl_matrix_alloc(N, C);

    // broadcast the bias first, then add X W1 on top
    for (size_t i = 0; i < N; i++) {
        gsl_vector_view r = gsl_matrix_row(f.pre, i);
        gsl_vector_memcpy(&r.vector, net->b1);
    }
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, X, net->W1, 1.0, f.pre);

    gsl_matrix_memcpy(f.act, f.pre);
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < H; j++)
            if (gsl_matrix_get(f.act, i, j) < 0.0)
                gsl_matrix_set(f.act, i, j, 0.0);

    for (size_t i = 0; i < N; i++) {
        gsl_vector_view r = gsl_matrix_row(f.out, i);
        gsl_vector_memcpy(&r.vector, net->b2);
    }
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, f.act, net->W2, 1.0, f.out);

    for (size_t i = 0; i < N; i++) {
        gsl_vector_const_view o = gsl_matrix_const_row(f.out, i);
        double m = gsl_vector_max(&o.vector);
        double z = 0.0;
        for (size_t c = 0; c < C; c++) {
            double e = exp(gsl_matrix_get(f.out, i, c) - m);
            gsl_matrix_set(f.prob, i, c, e);
            z += e;
        }
        gsl_vector_view p = gsl_matrix_row(f.prob, i);
        gsl_vector_scale(&p.vector, 1.0 / z);
    }
    return f;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H;
    (void) cache;    // not trusted, see the top

    struct fwd f = forward(net, X);

    // dz2 = (prob - onehot) / N
    gsl_matrix_memcpy(g->dz2, f.prob);
    for (size_t i = 0; i < N; i++)
        gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1.0);
    gsl_matrix_scale(g->dz2, 1.0 / N);

    // dW2 = 2 reg W2 + act' dz2
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_matrix_scale(g->dW2, 2.0 * reg);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, f.act, g->dz2, 1.0, g->dW2);

    // db2 = dz2' 1
    gsl_vector *ones = gsl_vector_alloc(N);
    gsl_vector_set_all(ones, 1.0);
    gsl_blas_dgemv(CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);

    // dp1 = dz2 W2'
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    // dz1 = dp1 where pre > 0
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < H; j++) {
            double gate = gsl_matrix_get(f.pre, i, j) > 0.0 ? 1.0 : 0.0;
            gsl_matrix_set(g->dz1, i, j, gate * gsl_matrix_get(g->dp1, i, j));
        }

    // dW1 = 2 reg W1 + sum over samples of x_i dz1_i'  (one outer product each)
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_matrix_scale(g->dW1, 2.0 * reg);
    for (size_t i = 0; i < N; i++) {
        gsl_vector_const_view xi = gsl_matrix_const_row(X, i);
        gsl_vector_view di = gsl_matrix_row(g->dz1, i);
        gsl_blas_dger(1.0, &xi.vector, &di.vector, g->dW1);
    }

    // db1 = dz1' 1
    gsl_blas_dgemv(CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);

    gsl_vector_free(ones);
    fwd_free(&f);
    g->present = BP_GRADS_ALL;
    return 0;
}
